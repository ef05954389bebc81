import { anyObject, arrayOf, bool, date, dateTime, int, money, nullable, objectOf, pageOf, str, uuid, type Schema } from '../http/openapi-responses';

export const companyUserSchema: Schema = objectOf({
  id: uuid(),
  email: str(),
  fullName: str('ФИО'),
  status: str('active — работает, deactivated — отключён', { enum: ['active', 'deactivated'] }),
  joinedAt: dateTime('С какого момента в компании'),
  roles: arrayOf(objectOf({ id: uuid(), code: nullable(str()), name: str() })),
});
export const companyUsersSchema: Schema = pageOf(companyUserSchema);
export const invitedSchema: Schema = objectOf({ id: uuid(), email: str(), status: str('Всегда invited', { enum: ['invited'] }) });

const ruleSchema: Schema = objectOf(
  { action: str(), subject: str(), conditions: anyObject(), fields: arrayOf(str()), inverted: bool() },
  ['action', 'subject'],
);
export const roleSchema: Schema = objectOf(
  {
    id: uuid(),
    code: nullable(str('Код системной роли')),
    name: str(),
    description: nullable(str()),
    rules: arrayOf(ruleSchema, 'Правила CASL'),
    isSystem: bool('Системная роль'),
  },
  ['id', 'name', 'rules', 'isSystem'],
);
export const rolesSchema: Schema = arrayOf({ ...roleSchema, properties: { ...(roleSchema.properties as object), userCount: int('Сотрудников с ролью') } });

export const subjectsSchema: Schema = objectOf({
  actions: arrayOf(objectOf({ action: str(), title: str(), titleEn: str() })),
  subjects: arrayOf(objectOf({ subject: str(), title: str(), titleEn: str(), module: str(), actions: arrayOf(str()), fields: arrayOf(str(), 'Поля, на которые можно ограничить права') }, ['subject', 'title', 'module', 'actions'])),
});

export const companyModulesSchema: Schema = arrayOf(
  objectOf({
    code: str(),
    title: str(),
    titleEn: str(),
    description: nullable(str()),
    monthlyPriceKopecks: money('Цена на сегодня за месяц, с НДС'),
    nextPrice: nullable(objectOf({ validFrom: date(), monthlyPriceKopecks: money('Новая цена за месяц, с НДС') })),
    alwaysIncluded: bool(),
    enabled: bool('Подключён'),
    enabledAt: nullable(dateTime()),
    offered: bool('Можно подключить сейчас'),
    depends: arrayOf(str(), 'Модули, которые нужны раньше'),
  }),
);

export const timeZoneSchema: Schema = objectOf({ timeZone: str('IANA, например Europe/Moscow'), today: date('Сегодня в этом поясе') });

export const auditSchema: Schema = objectOf({
  items: arrayOf(
    objectOf({
      id: str('Номер записи журнала (bigint строкой)'),
      at: dateTime(),
      action: str(),
      entity: str(),
      entityId: nullable(str()),
      before: nullable(anyObject('Было')),
      after: nullable(anyObject('Стало')),
      userEmail: nullable(str()),
    }),
  ),
});

export const securitySchema: Schema = objectOf({ passwordMinLength: int('Минимальная длина пароля в компании'), platformMinLength: int('Минимум платформы') });
