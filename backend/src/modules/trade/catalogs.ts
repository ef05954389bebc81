import { barcodeProblem } from './barcode';
import { defineCatalog } from '../../platform/engine/declarations';
import { VAT_RATES, VAT_STATUSES } from './pricing';

const bankFields = {
  bik: { type: 'bik', title: 'БИК банка' },
  account: { type: 'account', title: 'Расчётный счёт', bikField: 'bik', search: true },
  bank_name: { type: 'string', title: 'Банк' },
  corr_account: { type: 'string', title: 'Корр. счёт', maxLength: 20 },
} as const;

export const organizations = defineCatalog({
  module: 'trade',
  code: 'organizations',
  group: 'catalogs',
  title: 'Организации',
  titleEn: 'Organizations',
  fields: {
    inn: { type: 'inn', title: 'ИНН', required: true, search: true },
    kpp: { type: 'kpp', title: 'КПП' },
    ogrn: { type: 'ogrn', title: 'ОГРН' },
    address: { type: 'text', title: 'Адрес' },
    ...bankFields,
    // На УСН every outgoing line is «Без НДС» (usn) or 5 % / 7 % (usn_vat5 / usn_vat7); see `salesVatOf`.
    vat_status: { type: 'enum', title: 'Налогообложение', values: VAT_STATUSES, default: 'general' },
    allow_negative_stock: { type: 'boolean', title: 'Разрешить отрицательные остатки', default: false },
    // Payments of the organization name their contract (fields.ts contractsKept).
    keep_contracts: { type: 'boolean', title: 'Вести учёт по договорам', default: false },
    // Without it a sale, an invoice or an order line without a price is refused («цена не указана»).
    allow_zero_price: { type: 'boolean', title: 'Разрешить нулевые цены в продажах', default: false },
    cost_method: { type: 'enum', title: 'Себестоимость', values: { average: 'По средней', fifo: 'ФИФО' }, default: 'average' },
    head: { type: 'string', title: 'Руководитель' },
    accountant: { type: 'string', title: 'Главный бухгалтер' },
  },
  defaultAccess: { accountant: ['read', 'create', 'update'], sales_manager: ['read'], storekeeper: ['read'] },
});

export const products = defineCatalog({
  module: 'trade',
  code: 'products',
  group: 'catalogs',
  title: 'Номенклатура',
  titleEn: 'Products',
  hierarchical: true,
  fields: {
    // Services are sold and bought like goods but have no stock and no cost of goods.
    kind: { type: 'enum', title: 'Вид', values: { goods: 'Товар', service: 'Услуга' }, default: 'goods' },
    article: { type: 'string', title: 'Артикул', maxLength: 50, search: true },
    barcode: { type: 'string', title: 'Штрихкод', maxLength: 50, search: true, check: barcodeProblem },
    unit_code: { type: 'string', title: 'Код единицы по ОКЕИ', maxLength: 4, default: '796' },
    unit_name: { type: 'string', title: 'Единица', maxLength: 20, default: 'шт' },
    // `general` follows the date: 20 % before 2026, 22 % from 2026-01-01.
    vat_rate: { type: 'enum', title: 'Ставка НДС', values: { general: 'Общая (22 %, до 2026 — 20 %)', ...VAT_RATES }, default: 'general' },
    min_stock: { type: 'decimal', title: 'Минимальный остаток', min: 0 },
  },
  defaultAccess: { storekeeper: ['read', 'create', 'update'], sales_manager: ['read'], accountant: ['read'] },
});

export const counterparties = defineCatalog({
  module: 'trade',
  code: 'counterparties',
  group: 'catalogs',
  title: 'Контрагенты',
  titleEn: 'Counterparties',
  fields: {
    full_name: { type: 'string', title: 'Полное наименование', maxLength: 500 },
    inn: { type: 'inn', title: 'ИНН', search: true },
    kpp: { type: 'kpp', title: 'КПП' },
    legal_address: { type: 'text', title: 'Юридический адрес' },
    actual_address: { type: 'text', title: 'Фактический адрес' },
    ...bankFields,
    phone: { type: 'phone', title: 'Телефон' },
    email: { type: 'email', title: 'E-mail' },
    is_customer: { type: 'boolean', title: 'Покупатель', default: false },
    is_supplier: { type: 'boolean', title: 'Поставщик', default: false },
    // Payments of this counterparty name their contract, whatever the organization's setting.
    keep_contracts: { type: 'boolean', title: 'Вести учёт по договорам', default: false },
  },
  defaultAccess: { sales_manager: ['read', 'create', 'update'], accountant: ['read', 'create', 'update'], storekeeper: ['read'] },
});

export const contracts = defineCatalog({
  module: 'trade',
  code: 'contracts',
  group: 'catalogs',
  title: 'Договоры',
  titleEn: 'Contracts',
  owner: 'counterparties',
  fields: {
    organization: { type: 'ref', ref: 'organizations', title: 'Организация' },
    kind: { type: 'enum', title: 'Вид договора', values: { customer: 'С покупателем', supplier: 'С поставщиком', other: 'Прочее' }, default: 'customer' },
    contract_number: { type: 'string', title: 'Номер договора', maxLength: 50 },
    contract_date: { type: 'date', title: 'Дата договора' },
    payment_days: { type: 'integer', title: 'Отсрочка оплаты, дней', default: 0 },
  },
  // The storekeeper reads them to see whose contract a sale or a receipt is under (not «…»).
  defaultAccess: { sales_manager: ['read', 'create', 'update'], accountant: ['read', 'create', 'update'], storekeeper: ['read'] },
});

export const warehouses = defineCatalog({
  module: 'trade',
  code: 'warehouses',
  group: 'catalogs',
  title: 'Склады',
  titleEn: 'Warehouses',
  fields: { address: { type: 'text', title: 'Адрес' } },
  defaultAccess: { storekeeper: ['read'], sales_manager: ['read'], accountant: ['read'] },
});

export const priceTypes = defineCatalog({
  module: 'trade',
  code: 'price_types',
  group: 'catalogs',
  title: 'Виды цен',
  titleEn: 'Price types',
  fields: { price_includes_vat: { type: 'boolean', title: 'Цена включает НДС', default: true } },
  defaultAccess: { sales_manager: ['read'], accountant: ['read'], storekeeper: ['read'] },
});

export const cashDesks = defineCatalog({
  module: 'trade',
  code: 'cash_desks',
  group: 'catalogs',
  title: 'Кассы',
  titleEn: 'Cash desks',
  fields: { organization: { type: 'ref', ref: 'organizations', title: 'Организация', required: true } },
  // The sales manager reads payments, which name their cash desk.
  defaultAccess: { accountant: ['read'], sales_manager: ['read'] },
});

export const tradeCatalogs = [organizations, products, counterparties, contracts, warehouses, priceTypes, cashDesks];
