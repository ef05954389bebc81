import { defineCatalog } from '../../platform/engine/declarations';
import { contactDuplicates, leadDuplicates } from './duplicates';
import { recordStage } from './stages';

const managerAccess = { sales_manager: ['read', 'create', 'update'], accountant: ['read'], viewer: ['read'] } as const;

/**
 * Контактные лица клиента. The client itself is trade's «Контрагент» (one list of clients for every module):
 * a contact refers to it.
 */
export const contacts = defineCatalog({
  code: 'contacts',
  group: 'clients',
  title: 'Контактные лица',
  titleEn: 'Contact persons',
  fields: {
    counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Клиент', titleEn: 'Client', required: true },
    position: { type: 'string', title: 'Должность', titleEn: 'Position', search: true },
    phone: { type: 'phone', title: 'Телефон', titleEn: 'Phone', search: true },
    email: { type: 'email', title: 'E-mail', search: true },
    messenger: { type: 'string', title: 'Мессенджер', titleEn: 'Messenger', list: false },
  },
  onWrite: contactDuplicates,
  defaultAccess: managerAccess,
});

/** Воронки продаж: several per company (new clients, repeat sales, tenders…). */
export const funnels = defineCatalog({
  code: 'funnels',
  group: 'settings',
  title: 'Воронки продаж',
  titleEn: 'Sales funnels',
  fields: {
    description: { type: 'text', title: 'Описание', titleEn: 'Description' },
    // What wins a deal that has a Заказ клиента: its shipment, its payment, or whichever comes first.
    won_when: { type: 'enum', title: 'Сделка выиграна, когда заказ', titleEn: 'Deal won when its order is', values: { paid_or_shipped: 'Оплачен или отгружен', paid: 'Оплачен', shipped: 'Отгружен' }, default: 'paid_or_shipped' },
  },
  defaultAccess: { sales_manager: ['read'], accountant: ['read'], viewer: ['read'] },
});

/** Этапы воронки: their order, the probability of winning, what must be filled in to enter one, and won / lost. */
export const stages = defineCatalog({
  code: 'stages',
  group: 'settings',
  title: 'Этапы воронок',
  titleEn: 'Funnel stages',
  fields: {
    funnel: { type: 'ref', ref: 'funnels', title: 'Воронка', titleEn: 'Funnel', required: true },
    position: { type: 'integer', title: 'Порядок', titleEn: 'Order', required: true, min: 0 },
    probability: { type: 'integer', title: 'Вероятность, %', titleEn: 'Probability, %', required: true, min: 0, check: (v) => (typeof v === 'number' && v > 100 ? '«Вероятность, %»: не больше 100' : null) },
    outcome: { type: 'enum', title: 'Итог', titleEn: 'Outcome', values: { open: 'В работе', won: 'Выиграна', lost: 'Проиграна' }, default: 'open' },
    // Codes of deal fields, comma-separated (amount, expected_close, contact, lost_reason…).
    required_fields: { type: 'string', title: 'Обязательные поля сделки', titleEn: 'Required deal fields', list: false },
  },
  orderBy: { field: 'position' },
  defaultAccess: { sales_manager: ['read'], accountant: ['read'], viewer: ['read'] },
});

/** Сделки: a client's potential sale moving through a funnel's stages. */
export const deals = defineCatalog({
  code: 'deals',
  group: 'sales',
  title: 'Сделки',
  titleEn: 'Deals',
  fields: {
    counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Клиент', titleEn: 'Client', required: true },
    funnel: { type: 'ref', ref: 'funnels', title: 'Воронка', titleEn: 'Funnel', required: true, fillWhenOnly: true },
    stage: { type: 'ref', ref: 'stages', title: 'Этап', titleEn: 'Stage', required: true, filter: { funnel: { field: 'funnel' } } },
    amount: { type: 'money', title: 'Сумма', titleEn: 'Amount', min: 0 },
    expected_close: { type: 'date', title: 'Ожидаемая дата закрытия', titleEn: 'Expected close date' },
    // The WorkCloud user responsible (their id): a role's condition {"manager": "${user.id}"} shows a manager only theirs.
    manager: { type: 'string', title: 'Менеджер (id пользователя)', titleEn: 'Manager (user id)', maxLength: 36 },
    contact: { type: 'ref', ref: 'contacts', title: 'Контактное лицо', titleEn: 'Contact person', list: false, filter: { counterparty: { field: 'counterparty' } } },
    source: { type: 'enum', title: 'Источник', titleEn: 'Source', values: { manual: 'Вручную', web_form: 'Веб-форма', email: 'E-mail', lead: 'Лид' }, default: 'manual', list: false },
    lost_reason: { type: 'string', title: 'Причина проигрыша', titleEn: 'Lost reason', list: false },
    order: { type: 'ref', ref: 'trade.customer_order', title: 'Заказ клиента', titleEn: 'Customer order', list: false },
    closed_on: { type: 'date', title: 'Дата закрытия', titleEn: 'Closed on', list: false },
  },
  onWrite: recordStage,
  defaultAccess: managerAccess,
});

/** Товары сделки: what the client is to buy; they become the lines of the Заказ клиента made from the deal. */
export const dealProducts = defineCatalog({
  code: 'deal_products',
  group: 'sales',
  title: 'Товары сделок',
  titleEn: 'Deal products',
  fields: {
    deal: { type: 'ref', ref: 'deals', title: 'Сделка', titleEn: 'Deal', required: true },
    product: { type: 'ref', ref: 'trade.products', title: 'Номенклатура', titleEn: 'Product', required: true },
    quantity: { type: 'decimal', title: 'Количество', titleEn: 'Quantity', required: true, min: 0 },
    price: { type: 'money', title: 'Цена', titleEn: 'Price', required: true, min: 0 },
  },
  defaultAccess: managerAccess,
});

/** Лиды: requests not yet checked — typed in, from the site's web form or an e-mail; converted into a client and a deal. */
export const leads = defineCatalog({
  code: 'leads',
  group: 'sales',
  title: 'Лиды',
  titleEn: 'Leads',
  fields: {
    company: { type: 'string', title: 'Компания', titleEn: 'Company', search: true },
    inn: { type: 'inn', title: 'ИНН', titleEn: 'INN', search: true },
    phone: { type: 'phone', title: 'Телефон', titleEn: 'Phone', search: true },
    email: { type: 'email', title: 'E-mail', search: true },
    source: { type: 'enum', title: 'Источник', titleEn: 'Source', values: { manual: 'Вручную', web_form: 'Веб-форма', email: 'E-mail' }, default: 'manual' },
    status: { type: 'enum', title: 'Состояние', titleEn: 'Status', values: { new: 'Новый', converted: 'Преобразован', rejected: 'Отклонён' }, default: 'new' },
    comment: { type: 'text', title: 'Комментарий', titleEn: 'Comment' },
    counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Клиент', titleEn: 'Client', list: false },
    deal: { type: 'ref', ref: 'deals', title: 'Сделка', titleEn: 'Deal', list: false },
  },
  onWrite: leadDuplicates,
  defaultAccess: managerAccess,
});

/** История работы: звонки, встречи, письма, заметки и задачи со сроком — по клиенту и по сделке. */
export const activities = defineCatalog({
  code: 'activities',
  group: 'clients',
  title: 'История работы',
  titleEn: 'Activities',
  fields: {
    kind: { type: 'enum', title: 'Вид', titleEn: 'Kind', required: true, values: { call: 'Звонок', meeting: 'Встреча', email: 'Письмо', note: 'Заметка', task: 'Задача' } },
    counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Клиент', titleEn: 'Client' },
    deal: { type: 'ref', ref: 'deals', title: 'Сделка', titleEn: 'Deal' },
    due_date: { type: 'date', title: 'Срок', titleEn: 'Due date' },
    done: { type: 'boolean', title: 'Выполнено', titleEn: 'Done', default: false },
    body: { type: 'text', title: 'Содержание', titleEn: 'Details', search: true },
  },
  orderBy: { field: 'created_at', direction: 'desc' },
  defaultAccess: managerAccess,
});

/** Движение сделок по этапам: written by the module on every stage change (readOnly), with the time spent in each stage. */
export const stageHistory = defineCatalog({
  code: 'stage_history',
  group: 'reports',
  title: 'Движение сделок по этапам',
  titleEn: 'Deal stage history',
  readOnly: true,
  fields: {
    deal: { type: 'ref', ref: 'deals', title: 'Сделка', titleEn: 'Deal', required: true },
    stage: { type: 'ref', ref: 'stages', title: 'Этап', titleEn: 'Stage', required: true },
    manager: { type: 'string', title: 'Менеджер (id пользователя)', titleEn: 'Manager (user id)', maxLength: 36, list: false },
    seconds: { type: 'integer', title: 'Время на этапе, с', titleEn: 'Time in stage, s' },
  },
  orderBy: { field: 'created_at' },
  defaultAccess: { sales_manager: ['read'], accountant: ['read'], viewer: ['read'] },
});

export const crmCatalogs = [contacts, funnels, stages, deals, dealProducts, leads, activities, stageHistory];
