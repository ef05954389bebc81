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

const billingEventSchema: Schema = objectOf({ id: int(), at: dateTime(), onDate: nullable(date()), kind: str(), message: str(), invoiceId: nullable(uuid()) }, ['id', 'at', 'kind', 'message']);
export const billingEventsSchema: Schema = objectOf({ items: arrayOf(billingEventSchema) });

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

/** The company's subscription (admin «Подписка и оплата», the owner's client card). */
export const subscriptionSchema: Schema = objectOf(
  {
    status: str('Состояние компании: trial, active, past_due, suspended…'),
    trialEndsOn: nullable(date('Последний день пробного периода')),
    nextPeriodStart: nullable(date('Начало следующего оплачиваемого месяца')),
    canceledOn: nullable(date()),
    retainUntil: nullable(date('Данные хранятся до')),
    modules: arrayOf(objectOf({ code: str(), title: str(), monthlyPriceKopecks: money('Цена за месяц на сегодня'), enabledAt: dateTime() })),
    monthlyKopecks: money('Сумма подписки за месяц'),
    pendingCharges: arrayOf(objectOf({ module: nullable(str()), onDate: date(), amountKopecks: money('Начисление (минус — возврат)'), description: str() }), 'Начисления, ещё не вошедшие в счёт'),
  },
  ['status', 'modules', 'monthlyKopecks', 'pendingCharges'],
);

/** What a billing cycle did: by the scheduler, the owner's «Запустить цикл» or a client's test clock. */
export const cycleReportSchema: Schema = objectOf(
  {
    today: date('День, на который выполнен цикл'),
    invoicesIssued: int('Выставлено счетов'),
    pastDue: arrayOf(uuid(), 'Компании, чей счёт просрочен'),
    reminders: int('Напоминаний'),
    suspended: arrayOf(uuid(), 'Приостановленные компании'),
    webhooksRetried: int('Уведомлений банков разобрано повторно'),
    paymentsReconciled: int('Платежей сверено с банком'),
    autopaid: int('Оплачено автоплатежом'),
    errors: arrayOf(objectOf({ tenantId: uuid(), error: str() }), 'Компании, на которых цикл споткнулся'),
  },
  ['today', 'invoicesIssued', 'pastDue', 'reminders', 'suspended', 'autopaid', 'errors'],
);

const share = (description: string) => nullable({ type: 'number', description });
export const metricsSchema: Schema = objectOf(
  {
    months: arrayOf(
      objectOf(
        {
          month: date('Первый день месяца'),
          mrrKopecks: money('MRR'),
          arrKopecks: money('ARR'),
          newMrrKopecks: money('Новый MRR'),
          reactivationMrrKopecks: money('MRR вернувшихся'),
          expansionMrrKopecks: money('Рост MRR'),
          contractionMrrKopecks: money('Снижение MRR'),
          churnedMrrKopecks: money('Ушедший MRR'),
          payingClients: int(),
          churnedClients: int(),
          logoChurn: share('Отток клиентов, доля'),
          revenueChurn: share('Отток выручки, доля'),
          arpuKopecks: nullable(money('ARPU')),
          newClients: int('Новых клиентов: подключены в этом месяце'),
          newPayingClients: int('Впервые оплатили в этом месяце'),
          trialsEnded: int(),
          trialsConverted: int(),
          trialConversion: share('Конверсия пробных, доля'),
          dau: { type: 'number', description: 'Пользователей в день, в среднем' },
          mau: int(),
          dauMau: share('DAU/MAU'),
          collectedKopecks: money('Собрано денег'),
          revenueByModuleKopecks: { type: 'object', additionalProperties: money('Выручка модуля'), description: 'Код модуля → выручка' },
        },
        ['month', 'mrrKopecks', 'payingClients'],
      ),
      'По месяцам',
    ),
    ltvKopecks: nullable(money('LTV')),
    nps: objectOf({ responses: int(), promoters: int(), passives: int(), detractors: int(), score: share('NPS, от −100 до 100') }),
  },
  ['months', 'ltvKopecks', 'nps'],
);

const refundSchema: Schema = objectOf(
  { id: uuid(), paymentId: uuid(), amountKopecks: money('Сумма возврата'), refundedOn: nullable(date()), reason: nullable(str()), status: str('pending, succeeded или failed'), error: nullable(str()) },
  ['id', 'paymentId', 'amountKopecks', 'status'],
);

/** The owner's card of a client company. */
export const clientCardSchema: Schema = objectOf(
  {
    id: uuid(),
    name: str(),
    inn: str(),
    kpp: nullable(str()),
    status: str(),
    trialEndsOn: nullable(date()),
    createdAt: dateTime(),
    account: nullable(
      objectOf(
        {
          trialStartedOn: nullable(date()),
          nextPeriodStart: nullable(date()),
          firstPaidAt: nullable(dateTime()),
          canceledOn: nullable(date()),
          retainUntil: nullable(date()),
          archivedOn: nullable(date()),
          deletionDueOn: nullable(date()),
        },
        [],
        'Лицевой счёт',
      ),
    ),
    balanceKopecks: money('Баланс: получено за вычетом возвратов минус выставленное (и зачёты отменённой подписки); минус — клиент должен'),
    subscription: subscriptionSchema,
    invoices: arrayOf(invoiceSchema),
    payments: arrayOf(paymentSchema),
    refunds: arrayOf(refundSchema),
    events: arrayOf(billingEventSchema),
  },
  ['id', 'name', 'status', 'balanceKopecks', 'subscription', 'invoices', 'payments', 'refunds', 'events'],
);

/** What importing the platform account's bank statement did. */
export const statementImportSchema: Schema = objectOf({
  statementId: uuid(),
  documents: int('Документов в файле'),
  credited: int('Новых поступлений на счёт платформы'),
  duplicates: int('Уже загруженных раньше'),
  matched: arrayOf(objectOf({ paymentId: uuid(), invoiceNumber: str(), amountKopecks: money('Сумма'), by: str('number — по номеру счёта, inn_amount — по ИНН и сумме', { enum: ['number', 'inn_amount'] }) })),
  unmatched: arrayOf(objectOf({ paymentId: uuid(), payerName: str(), payerInn: str(), amountKopecks: money('Сумма'), purpose: str('Назначение платежа') }), 'Ждут ручной привязки'),
});

export const webhookInboxSchema: Schema = objectOf({
  items: arrayOf(objectOf({ id: int(), provider: str(), receivedAt: dateTime(), ip: nullable(str()), status: str(), eventKey: nullable(str()), error: nullable(str()) }, ['id', 'provider', 'receivedAt', 'status'])),
});

/** An answer whose full shape is described in the operation's text; an object with the named fields. */
export const described = (description: string, fields: Record<string, Schema> = {}): Schema => ({ ...anyObject(description), properties: fields });
export const listOf = (description: string, item: Schema = anyObject()): Schema => arrayOf(item, description);
export { money as moneySchema, str as strSchema, int as intSchema };
