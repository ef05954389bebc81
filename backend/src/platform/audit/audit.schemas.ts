import { anyObject, arrayOf, bool, dateTime, int, nullable, objectOf, pageOf, str, uuid, type Schema } from '../http/openapi-responses';

export const auditEntrySchema: Schema = objectOf({
  id: str('Номер записи'),
  at: dateTime('Когда (UTC)'),
  userId: nullable(uuid('Кто')),
  userEmail: nullable(str('E-mail того, кто действовал')),
  userName: nullable(str('ФИО')),
  apiKeyId: nullable(uuid('API-ключ, если действовала программа')),
  ip: nullable(str('Адрес')),
  action: str('Что сделано: create, update, post, read, api_call…'),
  entity: str('С чем: User, trade.sales…'),
  entityId: nullable(str('Какой объект')),
  before: nullable(anyObject('Было')),
  after: nullable(anyObject('Стало')),
});
export const auditPageSchema: Schema = pageOf(auditEntrySchema);

export const auditVerifySchema: Schema = objectOf({
  ok: bool('Цепочка цела'),
  rows: int('Проверено записей'),
  problem: nullable(
    objectOf({
      kind: str('altered — запись изменена, deleted — записи удалены, deleted_tail — удалены последние записи', { enum: ['altered', 'deleted', 'deleted_tail'] }),
      id: nullable(str('Изменённая запись или первая после пропуска')),
      fromSeq: int('Номер в цепочке, с которого'),
      toSeq: int('Номер в цепочке, по который'),
      message: str('Что найдено, по-русски'),
    }),
  ),
  checkedAt: dateTime(),
});
export const auditActionsSchema: Schema = arrayOf(str());
