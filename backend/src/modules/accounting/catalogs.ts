import { defineCatalog, type CatalogDeclaration } from '../../platform/engine/declarations';
import { ACCOUNT_KINDS } from './chart';
import { SUBCONTO_KINDS } from './subconto';

/** Where the accounting policy sends 26 at the month's end. */
export const OVERHEADS = { direct_costing: 'В расходы периода: Дт 90.08 Кт 26 (директ-костинг)', production: 'В себестоимость: Дт 20.01 Кт 26, затем Дт 90.02 Кт 20.01' } as const;
/** Where an asset's depreciation is a cost, as staff's «Счёт затрат» of a person. */
export const DEPRECIATION_ACCOUNTS = { '44.01': '44.01 Издержки обращения', '26': '26 Общехозяйственные расходы', '20.01': '20.01 Основное производство' } as const;

const organization = { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true } as const;
const accountantEdits: CatalogDeclaration['defaultAccess'] = { accountant: ['read', 'create', 'update'] };

/**
 * План счетов «Хозрасчётный». `code` is the account number (unique), the parent is the account it is a
 * sub-account of. Вид, субконто and количественный учёт left empty on a sub-account are its parent's
 * (see `Chart` in journal.ts): adding `51.01` under 51 keeps 51's analytics without retyping them. An
 * account with sub-accounts takes no entries.
 */
export const accounts = defineCatalog({
  code: 'accounts',
  group: 'catalogs',
  title: 'План счетов',
  titleEn: 'Chart of accounts',
  hierarchical: true,
  unique: [['code']],
  orderBy: { field: 'code' },
  fields: {
    kind: { type: 'enum', title: 'Вид', values: ACCOUNT_KINDS },
    subconto1: { type: 'enum', title: 'Субконто 1', values: SUBCONTO_KINDS },
    subconto2: { type: 'enum', title: 'Субконто 2', values: SUBCONTO_KINDS },
    subconto3: { type: 'enum', title: 'Субконто 3', values: SUBCONTO_KINDS },
    quantity: { type: 'boolean', title: 'Количественный учёт', default: false },
  },
  defaultAccess: accountantEdits,
});

export const costItems = defineCatalog({
  code: 'cost_items',
  group: 'catalogs',
  title: 'Статьи затрат',
  titleEn: 'Cost items',
  fields: {
    kind: {
      type: 'enum',
      title: 'Вид расхода',
      values: {
        material: 'Материальные расходы',
        labor: 'Оплата труда',
        contributions: 'Страховые взносы',
        depreciation: 'Амортизация',
        rent: 'Арендная плата',
        transport: 'Транспортные расходы',
        advertising: 'Расходы на рекламу',
        other: 'Прочие расходы',
      },
      default: 'other',
    },
  },
  defaultAccess: accountantEdits,
});

export const cashFlowItems = defineCatalog({
  code: 'cash_flow_items',
  group: 'catalogs',
  title: 'Статьи движения денежных средств',
  titleEn: 'Cash flow items',
  fields: { direction: { type: 'enum', title: 'Вид движения', values: { in: 'Поступление', out: 'Списание' }, default: 'in' } },
  defaultAccess: accountantEdits,
});

export const incomeExpenseItems = defineCatalog({
  code: 'income_expense_items',
  group: 'catalogs',
  title: 'Прочие доходы и расходы',
  titleEn: 'Other income and expenses',
  fields: {
    kind: {
      type: 'enum',
      title: 'Вид',
      values: { surplus: 'Излишки при инвентаризации', shortage: 'Недостачи', bank_services: 'Услуги банков', other: 'Прочие внереализационные доходы (расходы)' },
      default: 'other',
    },
  },
  defaultAccess: accountantEdits,
});

/** Работники организации — субконто счетов 70, 71, 73 (until payroll brings its own). */
export const employees = defineCatalog({
  code: 'employees',
  group: 'catalogs',
  title: 'Сотрудники',
  titleEn: 'Employees',
  fields: { organization, inn: { type: 'inn', title: 'ИНН', search: true }, position: { type: 'string', title: 'Должность' } },
  defaultAccess: accountantEdits,
});

/**
 * Учётная политика организации: the дата запрета изменения данных — documents dated on or before it are
 * not posted (nor re-posted) into accounting — and whether счета-фактуры are made by hand. One per organization.
 */
export const policies = defineCatalog({
  code: 'policies',
  group: 'closing',
  title: 'Учётная политика и дата запрета',
  titleEn: 'Accounting policy and lock date',
  unique: [['organization']],
  fields: {
    organization,
    ban_date: { type: 'date', title: 'Дата запрета изменения' },
    // Off by default: 1C makes the invoice on posting; an accountant who issues them by hand turns it off.
    manual_invoices: { type: 'boolean', title: 'Счета-фактуры вручную (не создавать при проведении реализаций, поступлений и авансов)' },
    // An organization on УСН (trade's «Налогообложение»): what it pays on (ст. 346.14 НК РФ); «доходы» when not set.
    usn_object: { type: 'enum', title: 'Объект налогообложения УСН', values: { income: 'Доходы (6 %)', income_minus_expenses: 'Доходы минус расходы (15 %)' } },
    // How «Закрытие месяца» closes 26 (1C «Общехозяйственные расходы включаются»); директ-костинг when not set, as 1C's default.
    overheads: { type: 'enum', title: 'Общехозяйственные расходы (счёт 26) включаются', values: OVERHEADS },
  },
  defaultAccess: accountantEdits,
});

/**
 * Основные средства: the inventory card of an asset as depreciation needs it. Its acceptance (Дт 01 Кт 08) is an
 * Операция; from the month after `accepted` «Закрытие месяца» books the linear depreciation of each month (Дт
 * `expense_account` Кт 02) until the useful life is over or the month after `disposed`.
 */
export const fixedAssets = defineCatalog({
  code: 'fixed_assets',
  group: 'catalogs',
  title: 'Основные средства',
  titleEn: 'Fixed assets',
  fields: {
    organization,
    inventory_number: { type: 'string', title: 'Инвентарный номер', maxLength: 20, search: true },
    cost: { type: 'money', title: 'Первоначальная стоимость', required: true, min: 1 },
    accepted: { type: 'date', title: 'Принято к учёту (дата)', required: true },
    useful_life: { type: 'integer', title: 'Срок полезного использования, месяцев', required: true, min: 1 },
    expense_account: { type: 'enum', title: 'Счёт затрат (амортизация)', values: DEPRECIATION_ACCOUNTS, default: '44.01' },
    cost_item: { type: 'ref', ref: 'cost_items', title: 'Статья затрат (если не указана — «Амортизация»)' },
    disposed: { type: 'date', title: 'Списано (дата выбытия)' },
  },
  defaultAccess: accountantEdits,
});

export const accountingCatalogs = [accounts, costItems, cashFlowItems, incomeExpenseItems, employees, policies, fixedAssets];
