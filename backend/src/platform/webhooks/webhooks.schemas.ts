import { arrayOf, bool, dateTime, int, nullable, objectOf, pageOf, str, uuid, type Schema } from '../http/openapi-responses';

export const webhookSchema: Schema = objectOf({
  id: uuid(),
  url: str('Куда отправляются события (POST, JSON)'),
  events: arrayOf(str(), 'События, например document.posted'),
  active: bool(),
  createdAt: dateTime(),
  pending: int('Доставок ждёт отправки'),
  failed: int('Доставок не удалось после всех попыток'),
});
export const webhooksSchema: Schema = arrayOf(webhookSchema);
export const createdWebhookSchema: Schema = {
  ...webhookSchema,
  properties: { ...(webhookSchema.properties as object), secret: str('Секрет подписи X-WorkCloud-Signature: показывается один раз') },
  required: [...(webhookSchema.required as string[]), 'secret'],
};
export const webhookEventsSchema: Schema = arrayOf(objectOf({ type: str(), title: str(), titleEn: str() }));
export const deliverySchema: Schema = objectOf({
  id: str('Номер доставки'),
  webhookId: uuid(),
  eventType: str(),
  status: str('pending — ждёт отправки или повтора, delivered — получатель ответил 2xx, failed — не доставлено после всех попыток', { enum: ['pending', 'delivered', 'failed'] }),
  attempts: int('Сделано попыток'),
  nextAttemptAt: nullable(dateTime('Следующая попытка (для pending)')),
  lastAttemptAt: nullable(dateTime()),
  responseStatus: nullable(int('HTTP-статус ответа получателя')),
  responseBody: nullable(str('Начало ответа получателя')),
  lastError: nullable(str('Почему не доставлено')),
  deliveredAt: nullable(dateTime()),
  createdAt: dateTime(),
  body: str('Отправленное тело запроса (JSON)'),
});
export const deliveriesSchema: Schema = pageOf(deliverySchema);
