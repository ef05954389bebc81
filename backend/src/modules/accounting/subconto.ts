import { createHash } from 'node:crypto';

/**
 * Виды субконто — the analytics an account keeps (up to three per account, as in 1C). A subconto value
 * in an entry is a string: the id of an item of the kind's catalog, the organization's bank account
 * number, or one of a fixed list (виды платежей в бюджет).
 */
export const SUBCONTO_KINDS = {
  counterparty: 'Контрагенты',
  contract: 'Договоры',
  settlement_document: 'Документы расчётов с контрагентами',
  product: 'Номенклатура',
  warehouse: 'Склады',
  cost_item: 'Статьи затрат',
  income_expense_item: 'Прочие доходы и расходы',
  cash_flow_item: 'Статьи движения денежных средств',
  bank_account: 'Банковские счета',
  employee: 'Работники организации',
  budget_payment: 'Виды платежей в бюджет',
} as const;
export type SubcontoKind = keyof typeof SUBCONTO_KINDS;

/** The catalog table whose items a kind's values are (tenant table name), for checks and names. */
export const SUBCONTO_CATALOG: Partial<Record<SubcontoKind, string>> = {
  counterparty: 'c_trade_counterparties',
  contract: 'c_trade_contracts',
  product: 'c_trade_products',
  warehouse: 'c_trade_warehouses',
  cost_item: 'c_accounting_cost_items',
  income_expense_item: 'c_accounting_income_expense_items',
  cash_flow_item: 'c_accounting_cash_flow_items',
  employee: 'c_accounting_employees',
};

/** Виды платежей в государственный бюджет (субконто счетов 68 и 69). */
export const BUDGET_PAYMENTS = { tax: 'Налог (взносы): начислено / уплачено', penalty: 'Пени: начислено / уплачено', fine: 'Штрафы: начислено / уплачено' } as const;

/** The value an entry carries where its account has no subconto of that position (the engine keeps no empty dimension). */
export const NO_SUBCONTO = '-';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);

/**
 * Why a subconto value cannot be of its kind (format only; catalog items are checked for existence by the
 * caller in one statement per catalog), or null when it can.
 */
export function subcontoFormatIssue(kind: SubcontoKind, value: string): string | null {
  if (kind === 'bank_account') return /^\d{20}$/.test(value) ? null : 'номер банковского счёта — 20 цифр';
  if (kind === 'budget_payment') return value in BUDGET_PAYMENTS ? null : `одно из: ${Object.keys(BUDGET_PAYMENTS).join(', ')}`;
  return isUuid(value) ? null : 'ожидается ссылка (идентификатор UUID)';
}

/**
 * A stable id for an item the module seeds (accounts by number, standard cost items…): the same in every
 * tenant, so postings name `41.01` without reading the chart first. A name-based UUID (version 5 layout).
 */
export function seededId(catalog: string, code: string): string {
  const h = createHash('sha1').update(`workcloud:accounting:${catalog}:${code}`).digest('hex');
  const variant = (8 | (parseInt(h[16], 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
