import { arrayOf, dateTime, int, nullable, objectOf, str, uuid, type Schema } from '../http/openapi-responses';

export const apiKeySchema: Schema = objectOf({
  id: uuid(),
  name: str('Для чего ключ'),
  prefix: str('Начало ключа, чтобы узнать его в списке (wc_…)'),
  roleId: uuid('Роль, правами которой действует ключ'),
  roleName: nullable(str('Название роли; null, если роль удалена — ключ тогда не действует')),
  allowedCidrs: arrayOf(str(), 'Адреса и сети, с которых ключ принимается; пусто — с любых'),
  requestsPerMinute: int('Не больше запросов в минуту'),
  expiresAt: dateTime('До какого момента ключ действует (UTC)'),
  createdAt: dateTime(),
  createdBy: nullable(str('Кто выпустил (e-mail)')),
  revokedAt: nullable(dateTime('Когда отозван')),
  lastUsedAt: nullable(dateTime('Последнее обращение с ключом')),
  lastUsedIp: nullable(str('Адрес последнего обращения')),
  status: str('active — действует, expired — истёк, revoked — отозван', { enum: ['active', 'expired', 'revoked'] }),
});

export const apiKeysSchema: Schema = arrayOf(apiKeySchema);

export const issuedApiKeySchema: Schema = {
  ...apiKeySchema,
  properties: { ...(apiKeySchema.properties as object), key: str('Сам ключ: показывается один раз, сохраните его сразу') },
  required: [...(apiKeySchema.required as string[]), 'key'],
};
