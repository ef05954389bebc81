import type { Knex } from '@mikro-orm/postgresql';
import { seededId, type SubcontoKind } from './subconto';

/** Вид счёта: where its balance is shown (1C «Вид»: А, П, АП). */
export const ACCOUNT_KINDS = { active: 'Активный', passive: 'Пассивный', active_passive: 'Активно-пассивный' } as const;
export type AccountKind = keyof typeof ACCOUNT_KINDS;

interface SeedAccount {
  code: string;
  name: string;
  kind: AccountKind;
  subconto?: SubcontoKind[];
  /** Количественный учёт. */
  quantity?: boolean;
}

const A = 'active' as const;
const P = 'passive' as const;
const AP = 'active_passive' as const;
const goods: SubcontoKind[] = ['product', 'warehouse'];
const settlements: SubcontoKind[] = ['counterparty', 'contract', 'settlement_document'];
const vatIn: SubcontoKind[] = ['counterparty', 'settlement_document'];

/**
 * План счетов «Хозрасчётный» (приказ Минфина 94н) as 1C:Бухгалтерия предприятия 3.0 names it: the accounts
 * a trading and service company uses. The parent of `41.01` is `41`, of `90.01.1` is `90.01`. A parent's
 * analytics are the default of the sub-accounts an accountant adds under it; accounts with sub-accounts
 * take no entries. 91 and 90 keep no analytics of their own, so 90.09 and 91.09 (none) do not inherit any.
 */
export const CHART: SeedAccount[] = [
  { code: '000', name: 'Вспомогательный', kind: AP },
  { code: '01', name: 'Основные средства', kind: A },
  { code: '02', name: 'Амортизация основных средств', kind: P },
  { code: '08', name: 'Вложения во внеоборотные активы', kind: A },
  { code: '10', name: 'Материалы', kind: A, subconto: goods, quantity: true },
  { code: '10.01', name: 'Сырье и материалы', kind: A, subconto: goods, quantity: true },
  { code: '10.03', name: 'Топливо', kind: A, subconto: goods, quantity: true },
  { code: '10.05', name: 'Запасные части', kind: A, subconto: goods, quantity: true },
  { code: '10.06', name: 'Прочие материалы', kind: A, subconto: goods, quantity: true },
  { code: '10.09', name: 'Инвентарь и хозяйственные принадлежности', kind: A, subconto: goods, quantity: true },
  { code: '19', name: 'Налог на добавленную стоимость по приобретенным ценностям', kind: A, subconto: vatIn },
  { code: '19.01', name: 'Налог на добавленную стоимость при приобретении основных средств', kind: A, subconto: vatIn },
  { code: '19.03', name: 'Налог на добавленную стоимость по приобретенным материально-производственным запасам', kind: A, subconto: vatIn },
  { code: '19.04', name: 'Налог на добавленную стоимость по приобретенным услугам', kind: A, subconto: vatIn },
  { code: '20', name: 'Основное производство', kind: A, subconto: ['cost_item'] },
  { code: '20.01', name: 'Основное производство', kind: A, subconto: ['cost_item'] },
  { code: '26', name: 'Общехозяйственные расходы', kind: A, subconto: ['cost_item'] },
  { code: '41', name: 'Товары', kind: A, subconto: goods, quantity: true },
  { code: '41.01', name: 'Товары на складах', kind: A, subconto: goods, quantity: true },
  { code: '41.02', name: 'Товары в розничной торговле (по покупной стоимости)', kind: A, subconto: goods, quantity: true },
  { code: '43', name: 'Готовая продукция', kind: A, subconto: goods, quantity: true },
  { code: '44', name: 'Расходы на продажу', kind: A, subconto: ['cost_item'] },
  { code: '44.01', name: 'Издержки обращения в организациях, осуществляющих торговую деятельность', kind: A, subconto: ['cost_item'] },
  { code: '44.02', name: 'Коммерческие расходы в организациях, осуществляющих промышленную и иную производственную деятельность', kind: A, subconto: ['cost_item'] },
  { code: '50', name: 'Касса', kind: A, subconto: ['cash_flow_item'] },
  { code: '50.01', name: 'Касса организации', kind: A, subconto: ['cash_flow_item'] },
  { code: '50.02', name: 'Операционная касса', kind: A, subconto: ['cash_flow_item'] },
  { code: '51', name: 'Расчетные счета', kind: A, subconto: ['bank_account', 'cash_flow_item'] },
  { code: '52', name: 'Валютные счета', kind: A, subconto: ['bank_account', 'cash_flow_item'] },
  { code: '57', name: 'Переводы в пути', kind: A },
  { code: '60', name: 'Расчеты с поставщиками и подрядчиками', kind: AP, subconto: settlements },
  { code: '60.01', name: 'Расчеты с поставщиками и подрядчиками', kind: AP, subconto: settlements },
  { code: '60.02', name: 'Расчеты по авансам выданным', kind: AP, subconto: settlements },
  { code: '62', name: 'Расчеты с покупателями и заказчиками', kind: AP, subconto: settlements },
  { code: '62.01', name: 'Расчеты с покупателями и заказчиками', kind: AP, subconto: settlements },
  { code: '62.02', name: 'Расчеты по авансам полученным', kind: AP, subconto: settlements },
  { code: '66', name: 'Расчеты по краткосрочным кредитам и займам', kind: P, subconto: ['counterparty', 'contract'] },
  { code: '67', name: 'Расчеты по долгосрочным кредитам и займам', kind: P, subconto: ['counterparty', 'contract'] },
  { code: '68', name: 'Расчеты по налогам и сборам', kind: AP, subconto: ['budget_payment'] },
  { code: '68.01', name: 'НДФЛ при исполнении обязанностей налогового агента', kind: AP, subconto: ['budget_payment'] },
  { code: '68.02', name: 'Налог на добавленную стоимость', kind: AP, subconto: ['budget_payment'] },
  { code: '68.04', name: 'Налог на прибыль', kind: AP, subconto: ['budget_payment'] },
  { code: '68.04.1', name: 'Расчеты с бюджетом', kind: AP, subconto: ['budget_payment'] },
  { code: '68.12', name: 'Налог при упрощенной системе налогообложения', kind: AP, subconto: ['budget_payment'] },
  { code: '68.90', name: 'Единый налоговый счет', kind: AP },
  { code: '69', name: 'Расчеты по социальному страхованию и обеспечению', kind: AP, subconto: ['budget_payment'] },
  { code: '69.01', name: 'Расчеты по социальному страхованию', kind: AP, subconto: ['budget_payment'] },
  { code: '69.06', name: 'Расчеты по страховым взносам, исчисленным по единому тарифу', kind: AP, subconto: ['budget_payment'] },
  {
    code: '69.11',
    name: 'Расчеты по обязательному социальному страхованию от несчастных случаев на производстве и профессиональных заболеваний',
    kind: AP,
    subconto: ['budget_payment'],
  },
  { code: '70', name: 'Расчеты с персоналом по оплате труда', kind: P, subconto: ['employee'] },
  { code: '71', name: 'Расчеты с подотчетными лицами', kind: AP, subconto: ['employee'] },
  { code: '71.01', name: 'Расчеты с подотчетными лицами', kind: AP, subconto: ['employee'] },
  { code: '73', name: 'Расчеты с персоналом по прочим операциям', kind: AP, subconto: ['employee'] },
  { code: '73.01', name: 'Расчеты по предоставленным займам', kind: AP, subconto: ['employee'] },
  { code: '73.02', name: 'Расчеты по возмещению материального ущерба', kind: AP, subconto: ['employee'] },
  { code: '75', name: 'Расчеты с учредителями', kind: AP, subconto: ['counterparty'] },
  { code: '75.01', name: 'Расчеты по вкладам в уставный (складочный) капитал', kind: AP, subconto: ['counterparty'] },
  { code: '75.02', name: 'Расчеты по выплате доходов', kind: AP, subconto: ['counterparty'] },
  { code: '76', name: 'Расчеты с разными дебиторами и кредиторами', kind: AP, subconto: settlements },
  { code: '76.01', name: 'Расчеты по имущественному и личному страхованию', kind: AP, subconto: settlements },
  { code: '76.02', name: 'Расчеты по претензиям', kind: AP, subconto: settlements },
  { code: '76.05', name: 'Расчеты с прочими поставщиками и подрядчиками', kind: AP, subconto: settlements },
  { code: '76.06', name: 'Расчеты с прочими покупателями и заказчиками', kind: AP, subconto: settlements },
  { code: '76.09', name: 'Прочие расчеты с разными дебиторами и кредиторами', kind: AP, subconto: settlements },
  { code: '76.АВ', name: 'НДС по авансам и предоплатам', kind: A, subconto: vatIn },
  { code: '76.ВА', name: 'НДС по авансам и предоплатам выданным', kind: P, subconto: vatIn },
  { code: '80', name: 'Уставный капитал', kind: P, subconto: ['counterparty'] },
  { code: '84', name: 'Нераспределенная прибыль (непокрытый убыток)', kind: AP },
  { code: '84.01', name: 'Прибыль, подлежащая распределению', kind: AP },
  { code: '84.02', name: 'Убыток, подлежащий покрытию', kind: AP },
  { code: '84.03', name: 'Нераспределенная прибыль в обращении', kind: AP },
  { code: '84.04', name: 'Нераспределенная прибыль использованная', kind: AP },
  { code: '90', name: 'Продажи', kind: AP },
  { code: '90.01', name: 'Выручка', kind: P },
  { code: '90.01.1', name: 'Выручка по деятельности с основной системой налогообложения', kind: P },
  { code: '90.02', name: 'Себестоимость продаж', kind: A },
  { code: '90.02.1', name: 'Себестоимость продаж по деятельности с основной системой налогообложения', kind: A },
  { code: '90.03', name: 'Налог на добавленную стоимость', kind: A },
  { code: '90.07', name: 'Расходы на продажу', kind: A },
  { code: '90.07.1', name: 'Расходы на продажу по деятельности с основной системой налогообложения', kind: A },
  { code: '90.08', name: 'Управленческие расходы', kind: A },
  { code: '90.08.1', name: 'Управленческие расходы по деятельности с основной системой налогообложения', kind: A },
  { code: '90.09', name: 'Прибыль / убыток от продаж', kind: AP },
  { code: '91', name: 'Прочие доходы и расходы', kind: AP },
  { code: '91.01', name: 'Прочие доходы', kind: P, subconto: ['income_expense_item'] },
  { code: '91.02', name: 'Прочие расходы', kind: A, subconto: ['income_expense_item'] },
  { code: '91.09', name: 'Сальдо прочих доходов и расходов', kind: AP },
  { code: '94', name: 'Недостачи и потери от порчи ценностей', kind: A },
  { code: '97', name: 'Расходы будущих периодов', kind: A },
  { code: '99', name: 'Прибыли и убытки', kind: AP },
];

/** The parent of an account number: `41.01` → `41`, `90.01.1` → `90.01`, `41` → null. */
export const parentCode = (code: string): string | null => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null);

/** Ids of the seeded accounts, by number: the same in every tenant. */
export const accountId = (code: string) => seededId('accounts', code);

/** Standard items of the small catalogs, seeded with fixed ids (`code` → id through `seededId`). */
export const COST_ITEMS = [
  { code: '00001', name: 'Аренда', kind: 'rent' },
  { code: '00002', name: 'Транспортные расходы', kind: 'transport' },
  { code: '00003', name: 'Реклама', kind: 'advertising' },
  { code: '00004', name: 'Оплата труда', kind: 'labor' },
  { code: '00005', name: 'Страховые взносы', kind: 'contributions' },
  { code: '00006', name: 'Амортизация', kind: 'depreciation' },
  { code: '00007', name: 'Материальные расходы', kind: 'material' },
  { code: '00008', name: 'Прочие расходы', kind: 'other' },
] as const;

export const CASH_FLOW_ITEMS = [
  { code: '00001', name: 'Оплата от покупателей', direction: 'in' },
  { code: '00002', name: 'Оплата поставщикам (подрядчикам)', direction: 'out' },
  { code: '00003', name: 'Прочие поступления', direction: 'in' },
  { code: '00004', name: 'Прочие платежи', direction: 'out' },
  { code: '00005', name: 'Налоги и сборы', direction: 'out' },
  { code: '00006', name: 'Оплата труда', direction: 'out' },
] as const;

export const INCOME_EXPENSE_ITEMS = [
  { code: '00001', name: 'Излишки, выявленные при инвентаризации', kind: 'surplus' },
  { code: '00002', name: 'Недостачи и потери от порчи ценностей', kind: 'shortage' },
  { code: '00003', name: 'Расходы на услуги банков', kind: 'bank_services' },
  { code: '00004', name: 'Прочие внереализационные доходы (расходы)', kind: 'other' },
] as const;

/** The seeded item a posting uses by default, e.g. `costItem('00008')` — «Прочие расходы». */
export const costItem = (code: (typeof COST_ITEMS)[number]['code']) => seededId('cost_items', code);
export const cashFlowItem = (code: (typeof CASH_FLOW_ITEMS)[number]['code']) => seededId('cash_flow_items', code);
export const incomeExpenseItem = (code: (typeof INCOME_EXPENSE_ITEMS)[number]['code']) => seededId('income_expense_items', code);

/** The row of a seeded account of `CHART` in c_accounting_accounts (for the seed and for migrations adding accounts). */
export function accountRow(code: string) {
  const a = CHART.find((x) => x.code === code)!;
  const parent = parentCode(a.code);
  if (parent && !CHART.some((x) => x.code === parent)) throw new Error(`План счетов: у счёта ${a.code} нет счёта-родителя ${parent}`);
  return {
    id: accountId(a.code),
    code: a.code,
    name: a.name,
    parent_id: parent ? accountId(parent) : null,
    is_group: CHART.some((x) => parentCode(x.code) === a.code),
    kind: a.kind,
    subconto1: a.subconto?.[0] ?? null,
    subconto2: a.subconto?.[1] ?? null,
    subconto3: a.subconto?.[2] ?? null,
    quantity: !!a.quantity,
    search_text: searchText(a.code, a.name),
  };
}

const searchText = (...parts: string[]) => parts.join(' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The module's seed: the chart of accounts and the standard cost, cash-flow and other income/expense items,
 * written once when a tenant gets the module (`schema` comes quoted from the migrator).
 */
export async function seedAccounting(trx: Knex.Transaction, schema: string): Promise<void> {
  const plain = schema.replace(/"/g, '');
  await trx(`${plain}.c_accounting_accounts`).insert(CHART.map((a) => accountRow(a.code)));
  const items = async (catalog: string, rows: readonly ({ code: string; name: string } & Record<string, string>)[]) =>
    trx(`${plain}.c_accounting_${catalog}`).insert(rows.map((r) => ({ id: seededId(catalog, r.code), ...r, search_text: searchText(r.code, r.name) })));
  await items('cost_items', COST_ITEMS);
  await items('cash_flow_items', CASH_FLOW_ITEMS);
  await items('income_expense_items', INCOME_EXPENSE_ITEMS);
}
