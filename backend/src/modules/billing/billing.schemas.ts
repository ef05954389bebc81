import { anyObject, arrayOf, bool, date, dateTime, int, money, nullable, objectOf, str, uuid, type Schema } from '../../platform/http/openapi-responses';

/** Response schemas of the billing routes (money: integer kopecks). */

const invoiceLineSchema: Schema = objectOf(
  {
    lineId: int(),
    kind: str('Вид строки'),
    module: nullable(str('Код модуля')),
    description: str(),
    days: nullable(int('Дней в периоде')),
    daysInMonth: nullable(int()),
    monthlyPriceKopecks: nullable(money('Цена модуля за месяц (со скидкой, если она есть)')),
    listPriceKopecks: nullable(money('Цена по прайсу до скидки (только у строки со скидкой)')),
    amountKopecks: money('Сумма строки'),
    vatKopecks: money('НДС строки'),
    reversesLineId: nullable(int('Какую строку сторнирует')),
  },
  ['lineId', 'kind', 'description', 'amountKopecks', 'vatKopecks'],
);

export const invoiceSchema: Schema = objectOf(
  {
    id: uuid(),
    number: str('Номер счёта'),
    tenantId: nullable(uuid()),
    tenantName: nullable(str()),
    tenantInn: nullable(str()),
    periodStart: date(),
    periodEnd: date(),
    issuedOn: date(),
    dueOn: date('Оплатить до'),
    status: str('open, paid, void…'),
    totalKopecks: money('Итого с НДС'),
    vatKopecks: money('НДС'),
    vatRate: nullable({}),
    paidKopecks: money('Оплачено'),
    paidAt: nullable(dateTime()),
    actId: nullable(uuid('Акт')),
    lines: arrayOf(invoiceLineSchema),
  },
  ['id', 'number', 'status', 'totalKopecks', 'vatKopecks', 'paidKopecks', 'lines'],
);
export const invoicesSchema: Schema = objectOf({ items: arrayOf(invoiceSchema) });

export const paymentSchema: Schema = objectOf(
  {
    id: uuid(),
    tenantId: nullable(uuid()),
    tenantName: nullable(str()),
    invoiceId: nullable(uuid()),
    invoiceNumber: nullable(str()),
    method: str('Способ оплаты'),
    status: str(),
    amountKopecks: money('Получено'),
    requestedKopecks: nullable(money('Запрошено')),
    attention: nullable(str('Почему платёж требует внимания')),
    refundedKopecks: money('Возвращено'),
    paidAt: nullable(dateTime()),
    paidOn: nullable(date()),
    payerName: nullable(str()),
    payerInn: nullable(str()),
    purpose: nullable(str('Назначение платежа')),
    documentNumber: nullable(str()),
    createdAt: dateTime(),
  },
  ['id', 'method', 'status', 'amountKopecks', 'refundedKopecks', 'createdAt'],
);
export const paymentsSchema: Schema = objectOf({ items: arrayOf(paymentSchema) });

export const attentionSchema: Schema = objectOf({
  items: arrayOf(
    objectOf(
      {
        id: uuid(),
        tenantId: nullable(uuid()),
        tenantName: nullable(str()),
        invoiceId: nullable(uuid()),
        invoiceNumber: nullable(str()),
        invoiceStatus: nullable(str()),
        invoiceTotalKopecks: nullable(money('Сумма счёта')),
        invoicePaidKopecks: nullable(money('Оплачено по счёту')),
        method: str(),
        requestedKopecks: money('Запрошено'),
        receivedKopecks: money('Получено'),
        differenceKopecks: money('Получено минус запрошено'),
        reason: str('Почему требует внимания'),
        paidAt: nullable(dateTime()),
      },
      ['id', 'requestedKopecks', 'receivedKopecks', 'differenceKopecks', 'reason'],
    ),
  ),
});

export const savedCardSchema: Schema = objectOf({
  method: nullable(objectOf({ id: uuid(), provider: str('yookassa или tbank'), providerName: str(), title: str('Карта, как её показывает банк'), savedAt: dateTime() })),
});

export const billingEventsSchema: Schema = objectOf({
  items: arrayOf(objectOf({ id: int(), at: dateTime(), onDate: nullable(date()), kind: str(), message: str(), invoiceId: nullable(uuid()) }, ['id', 'at', 'kind', 'message'])),
});

export const resolvedSchema: Schema = objectOf(
  {
    paymentId: uuid(),
    resolved: bool(),
    resolution: str('noted, refunded или carried'),
    comment: str('Комментарий владельца'),
    refundId: nullable(uuid()),
    carriedToInvoiceId: nullable(uuid()),
  },
  ['paymentId', 'resolved', 'resolution', 'comment'],
);

/** An answer whose full shape is described in the operation's text; an object with the named fields. */
export const described = (description: string, fields: Record<string, Schema> = {}): Schema => ({ ...anyObject(description), properties: fields });
export const listOf = (description: string, item: Schema = anyObject()): Schema => arrayOf(item, description);
export { money as moneySchema, str as strSchema, int as intSchema };
