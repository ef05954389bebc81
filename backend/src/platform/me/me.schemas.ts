import { arrayOf, bool, dateTime, nullable, objectOf, str, uuid, type Schema } from '../http/openapi-responses';

export const personSchema: Schema = objectOf({ id: uuid(), email: str(), fullName: str('ФИО') });

const moduleUiSchema: Schema = objectOf(
  {
    code: str('Код модуля'),
    title: str(),
    titleEn: str(),
    readOnly: bool('Модуль отключён, но данные компании остались: только чтение'),
    widgets: arrayOf(
      objectOf({ code: str('Имя компонента карточки в интерфейсе модуля'), title: str(), titleEn: str(), subject: str('Показывается тем, кто может читать этот субъект') }, ['code', 'title', 'titleEn']),
      'Карточки главной страницы, по порядку',
    ),
    remote: nullable(objectOf({ name: str(), entry: str('URL remoteEntry.js'), exposedModule: str(), version: str() })),
  },
  ['code', 'title', 'titleEn', 'widgets', 'remote'],
);

export const meSchema: Schema = objectOf({
  user: personSchema,
  isOwner: bool('Владелец платформы'),
  tenant: nullable(
    objectOf({ id: uuid(), name: str(), status: str('active, suspended…'), timeZone: str('Часовой пояс компании (IANA)') }, ['id', 'name', 'status', 'timeZone'], 'Компания; null у владельца'),
  ),
  roles: arrayOf(objectOf({ id: uuid(), code: nullable(str()), name: str() })),
  rules: { type: 'array', description: 'Правила CASL в упакованном виде (packRules)', items: { type: 'array', items: {} } },
  modules: arrayOf(moduleUiSchema, 'Модули компании с их интерфейсами'),
});

export const invitationSchema: Schema = objectOf({
  id: uuid(),
  tenant: objectOf({ id: uuid(), name: str() }),
  roles: arrayOf(str(), 'Названия предложенных ролей'),
  invitedBy: nullable(str('Кто пригласил')),
  invitedAt: dateTime(),
  expiresAt: dateTime(),
});

export const acceptedSchema: Schema = objectOf({ tenant: objectOf({ id: uuid(), name: str() }) });
