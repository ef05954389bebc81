import { defineRegister, type RegisterDeclaration } from '../../platform/engine/declarations';

const org = { type: 'ref', ref: 'organizations', title: 'Организация' } as const;
const product = { type: 'ref', ref: 'products', title: 'Товар' } as const;
const counterparty = { type: 'ref', ref: 'counterparties', title: 'Контрагент' } as const;
const read: RegisterDeclaration['defaultAccess'] = { accountant: ['read'], sales_manager: ['read'], storekeeper: ['read'] };

export const stock = defineRegister({
  module: 'trade',
  code: 'stock',
  title: 'Товары на складах',
  titleEn: 'Stock',
  type: 'balance',
  dimensions: { organization: org, warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад' }, product },
  resources: { quantity: { type: 'decimal', title: 'Количество' } },
  forbidNegative: {
    resources: ['quantity'],
    unlessDimensionAllows: { dimension: 'organization', catalog: 'organizations', field: 'allow_negative_stock' },
    message: 'Недостаточно товара: {dimensions} — не хватает {shortfall}',
  },
  defaultAccess: read,
});

export const reserves = defineRegister({
  module: 'trade',
  code: 'reserves',
  title: 'Резервы товаров',
  titleEn: 'Reserves',
  type: 'balance',
  dimensions: { warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад' }, product, customer_order: { type: 'ref', ref: 'customer_order', title: 'Заказ клиента' } },
  resources: { quantity: { type: 'decimal', title: 'Количество' } },
  forbidNegative: { resources: ['quantity'], message: 'Резерв не может стать отрицательным: {dimensions} — не хватает {shortfall}' },
  defaultAccess: read,
});

/**
 * Goods at cost. `batch` is the receiving document (`<date>/<entered at>/<id>`, so text order is FIFO order)
 * for organizations on FIFO, and the constant AVERAGE_BATCH for those on moving average.
 */
export const cost = defineRegister({
  module: 'trade',
  code: 'cost',
  title: 'Себестоимость товаров',
  titleEn: 'Cost of goods',
  type: 'balance',
  dimensions: { organization: org, product, batch: { type: 'string', title: 'Партия' } },
  resources: { quantity: { type: 'decimal', title: 'Количество' }, amount: { type: 'money', title: 'Стоимость' } },
  // Cost taken off depends on the balance at the document's date: a back-dated posting, re-posting or
  // cancelling breaks the sequence of the organization from its date (see cost-sequence.ts).
  sequence: { dimension: 'organization' },
  defaultAccess: { accountant: ['read'] },
});

/** The engine refuses empty dimension values, so moving average keeps all goods in one named batch. */
export const AVERAGE_BATCH = 'average';

export const sales = defineRegister({
  module: 'trade',
  code: 'sales',
  title: 'Продажи',
  titleEn: 'Sales',
  type: 'turnover',
  // `manager` is the user who entered the document (platform user id): users are not a trade catalog.
  dimensions: { organization: org, counterparty, product, manager: { type: 'string', title: 'Менеджер' } },
  resources: {
    quantity: { type: 'decimal', title: 'Количество' },
    revenue: { type: 'money', title: 'Выручка без НДС' },
    cost: { type: 'money', title: 'Себестоимость' },
    vat: { type: 'money', title: 'НДС' },
  },
  defaultAccess: { accountant: ['read'], sales_manager: ['read'] },
});

/** Positive balance: the counterparty owes us; negative: we owe them (or they paid in advance… and vice versa). */
export const settlements = defineRegister({
  module: 'trade',
  code: 'settlements',
  title: 'Расчёты с контрагентами',
  titleEn: 'Settlements',
  type: 'balance',
  dimensions: {
    organization: org,
    counterparty,
    contract: { type: 'ref', ref: 'contracts', title: 'Договор' },
    // Id of the settlement document (sale, receipt, payment…): documents of several kinds, so a plain string.
    document: { type: 'string', title: 'Документ расчётов' },
  },
  resources: { amount: { type: 'money', title: 'Сумма' } },
  defaultAccess: { accountant: ['read'], sales_manager: ['read'] },
});

export const money = defineRegister({
  module: 'trade',
  code: 'money',
  title: 'Денежные средства',
  titleEn: 'Money',
  type: 'balance',
  // A bank account number, or a cash desk id for cash.
  dimensions: { organization: org, account: { type: 'string', title: 'Счёт / касса' } },
  resources: { amount: { type: 'money', title: 'Сумма' } },
  defaultAccess: { accountant: ['read'] },
});

export const prices = defineRegister({
  module: 'trade',
  code: 'prices',
  title: 'Цены номенклатуры',
  titleEn: 'Prices',
  type: 'information',
  dimensions: { price_type: { type: 'ref', ref: 'price_types', title: 'Вид цены' }, product },
  resources: { price: { type: 'money', title: 'Цена' } },
  defaultAccess: read,
});

export const tradeRegisters = [stock, reserves, cost, sales, settlements, money, prices];
