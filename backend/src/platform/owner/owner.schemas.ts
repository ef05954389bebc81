import { arrayOf, bool, date, dateTime, int, money, nullable, objectOf, pageOf, str, uuid, type Schema } from '../http/openapi-responses';

const tenantBase = {
  id: uuid(),
  name: str(),
  inn: str('ИНН'),
  kpp: nullable(str('КПП')),
  status: str('provisioning, active, suspended, archived…'),
  schemaVersion: nullable(int('Версия схемы данных компании')),
  trialEndsOn: nullable(date('Конец пробного периода')),
  createdAt: dateTime(),
};

export const tenantListSchema: Schema = pageOf(
  objectOf({
    ...tenantBase,
    modules: arrayOf(str(), 'Коды подключённых модулей'),
    monthlyKopecks: money('Сумма подписки за месяц на сегодня'),
    userCount: int('Активных сотрудников'),
    lastSignInAt: nullable(dateTime('Последний успешный вход')),
  }),
);

export const tenantCardSchema: Schema = objectOf({
  ...tenantBase,
  modules: arrayOf(objectOf({ code: str(), enabledAt: dateTime(), uiVersionPin: nullable(str()) })),
  users: arrayOf(objectOf({ email: str(), fullName: str(), status: str() })),
});

export const onboardedSchema: Schema = objectOf({ id: uuid('Новая компания'), status: str() });
export const tenantStatusSchema: Schema = objectOf({ tenantId: uuid(), status: str('Новый статус компании') });
export const uiPinSchema: Schema = objectOf({ tenantId: uuid(), module: str(), uiVersionPin: nullable(str('Закреплённая версия интерфейса; null — текущая')) });

const priceSchema: Schema = objectOf({
  validFrom: date('С какого дня'),
  monthlyPriceKopecks: money('Цена за месяц, с НДС'),
  createdAt: nullable(dateTime()),
  createdBy: nullable(str()),
});
export const ownerModuleSchema: Schema = objectOf(
  {
    code: str(),
    title: str(),
    titleEn: str(),
    description: nullable(str()),
    alwaysIncluded: bool(),
    monthlyPriceKopecks: money('Цена на сегодня за месяц, с НДС'),
    ownerOnly: bool(),
    available: bool('Продаётся'),
    built: bool('Есть в этой сборке'),
    sellable: bool('Можно подключить компаниям'),
    depends: arrayOf(str()),
    nextPrice: nullable(priceSchema),
    prices: arrayOf(priceSchema, 'История цен'),
    uiVersions: arrayOf(objectOf({ version: str(), remoteEntry: str(), remoteName: str(), exposedModule: str(), isCurrent: bool() })),
  },
  ['code', 'title', 'monthlyPriceKopecks', 'prices', 'uiVersions'],
);
export const ownerModulesSchema: Schema = arrayOf(ownerModuleSchema);
