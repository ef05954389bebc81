import Decimal from 'decimal.js';
import { renderInvoiceForPayment } from '../../src/modules/trade/print/invoice-for-payment';
import { defineCatalog, defineDocument, defineRegister, defineReport, type PrintForm } from '../../src/platform/engine/declarations';
import { defineModule, type ModuleDefinition } from '../../src/platform/modules/define-module';

/**
 * A small sample module (`demo`) declared the way a business module is: the engine tests drive it
 * end to end. Kept apart from the real modules so the tests do not depend on their evolution.
 */

const items = defineCatalog({
  module: 'demo',
  code: 'items',
  title: 'Номенклатура',
  hierarchical: true,
  fields: {
    article: { type: 'string', title: 'Артикул', search: true, maxLength: 50 },
    unit: { type: 'enum', title: 'Единица', values: { pcs: 'шт', kg: 'кг' }, default: 'pcs' },
    price: { type: 'money', title: 'Цена' },
  },
  defaultAccess: { storekeeper: ['read', 'create', 'update'], sales_manager: ['read'] },
});

const warehouses = defineCatalog({ module: 'demo', code: 'warehouses', title: 'Склады', fields: {}, defaultAccess: { storekeeper: ['read'] } });

const counterparties = defineCatalog({
  module: 'demo',
  code: 'counterparties',
  title: 'Контрагенты',
  fields: {
    inn: { type: 'inn', title: 'ИНН', required: true, search: true },
    kpp: { type: 'kpp', title: 'КПП' },
    bik: { type: 'bik', title: 'БИК' },
    account: { type: 'account', title: 'Расчётный счёт', bikField: 'bik' },
    allow_negative: { type: 'boolean', title: 'Разрешить минус' },
  },
  unique: [['inn', 'kpp']],
});

const stock = defineRegister({
  module: 'demo',
  code: 'stock',
  title: 'Остатки товаров',
  type: 'balance',
  dimensions: { warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад' }, item: { type: 'ref', ref: 'items', title: 'Товар' } },
  resources: { quantity: { type: 'decimal', title: 'Количество' } },
  forbidNegative: { resources: ['quantity'], message: 'Недостаточно товара: {dimensions} — не хватает {shortfall}' },
  defaultAccess: { storekeeper: ['read'], sales_manager: ['read'] },
});

const lines = {
  title: 'Товары',
  fields: {
    item: { type: 'ref' as const, ref: 'items', title: 'Товар', required: true },
    quantity: { type: 'decimal' as const, title: 'Количество', required: true },
    price: { type: 'money' as const, title: 'Цена', required: true },
    amount: { type: 'money' as const, title: 'Сумма' },
  },
};

/** Line amount = quantity × price, rounded half-up to kopecks; the header total is their sum. */
function computeTotals(doc: Record<string, any>) {
  let total = 0;
  for (const l of doc.lines ?? []) {
    l.amount = new Decimal(l.quantity).times(l.price).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    total += l.amount;
  }
  doc.total = total;
}

const receipts = defineDocument({
  module: 'demo',
  code: 'receipts',
  title: 'Поступление товаров',
  numberPrefix: 'ПТ',
  fields: {
    warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад', required: true },
    counterparty: { type: 'ref', ref: 'counterparties', title: 'Поставщик' },
    total: { type: 'money', title: 'Сумма' },
  },
  sections: { lines },
  compute: computeTotals,
  post: (doc) => doc.lines.map((l: any) => ({ register: 'stock', kind: 'receipt', dimensions: { warehouse: doc.warehouse, item: l.item }, resources: { quantity: l.quantity } })),
  defaultAccess: { storekeeper: ['read', 'create', 'update', 'post'] },
});

/** Счёт на оплату for a sale, from the document and the catalogs it refers to (prices without VAT). */
const invoiceForm: PrintForm = {
  code: 'invoice',
  title: 'Счёт на оплату',
  async render(doc, ctx) {
    const customer = doc.customer ? await ctx.catalogItem('counterparties', doc.customer) : null;
    const lines = [];
    for (const l of doc.lines) {
      const item = await ctx.catalogItem('items', l.item);
      lines.push({ name: item?.name ?? '', unit: 'шт', unitCode: '796', quantity: l.quantity, priceKopecks: l.price, amountKopecks: l.amount, vatRateLabel: 'без НДС' as const, vatKopecks: 0, totalKopecks: l.amount });
    }
    return renderInvoiceForPayment({
      number: doc.number,
      date: doc.date,
      seller: { name: 'ООО «Демо»', inn: '7707083893', kpp: '770701001', address: 'г. Москва', bankName: 'ПАО Банк', bik: '044525311', account: '40702810300180001774', corrAccount: '30101810000000000311' },
      buyer: { name: customer?.name ?? 'Покупатель', inn: customer?.inn ?? '', address: '' },
      lines,
      totals: { amountKopecks: doc.total, vatKopecks: 0, totalKopecks: doc.total },
    });
  },
};

const sales = defineDocument({
  module: 'demo',
  code: 'sales',
  title: 'Продажа',
  numberPrefix: 'РТ',
  fields: {
    warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад', required: true },
    customer: { type: 'ref', ref: 'counterparties', title: 'Покупатель' },
    total: { type: 'money', title: 'Сумма' },
  },
  sections: { lines },
  compute: computeTotals,
  post: (doc) => doc.lines.map((l: any) => ({ register: 'stock', kind: 'expense', dimensions: { warehouse: doc.warehouse, item: l.item }, resources: { quantity: l.quantity } })),
  printForms: [invoiceForm],
  defaultAccess: { sales_manager: ['read', 'create', 'update', 'post'] },
});

/** Moves goods: receipt at the destination first, then expense at the source — so a shortage must roll back both. */
const transfers = defineDocument({
  module: 'demo',
  code: 'transfers',
  title: 'Перемещение',
  numberPrefix: 'ПМ',
  fields: {
    from_warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад-отправитель', required: true },
    to_warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад-получатель', required: true },
  },
  sections: { lines: { title: 'Товары', fields: { item: lines.fields.item, quantity: lines.fields.quantity } } },
  post: (doc) => [
    ...doc.lines.map((l: any) => ({ register: 'stock', kind: 'receipt' as const, dimensions: { warehouse: doc.to_warehouse, item: l.item }, resources: { quantity: l.quantity } })),
    ...doc.lines.map((l: any) => ({ register: 'stock', kind: 'expense' as const, dimensions: { warehouse: doc.from_warehouse, item: l.item }, resources: { quantity: l.quantity } })),
  ],
});

const stockReport = defineReport({
  module: 'demo',
  code: 'stock_balance',
  title: 'Остатки товаров',
  params: { date: { type: 'date', title: 'На дату', required: true }, warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад' } },
  columns: [
    { field: 'warehouse_name', title: 'Склад' },
    { field: 'item_name', title: 'Товар' },
    { field: 'quantity', title: 'Количество', type: 'decimal' },
  ],
  chart: { type: 'bar', x: 'item_name', y: ['quantity'] },
  query: async (q, p) => {
    const b = q.balances('stock', p.date, { warehouse: p.warehouse });
    return q.knex
      .from(b.as('b'))
      .join(`${q.table('c_demo_items')} as i`, 'i.id', 'b.item')
      .join(`${q.table('c_demo_warehouses')} as w`, 'w.id', 'b.warehouse')
      .whereRaw('b.quantity::numeric <> 0')
      .orderBy(['w.name', 'i.name'])
      .select('w.name as warehouse_name', 'i.name as item_name', 'b.quantity');
  },
});

const demo: ModuleDefinition = {
  code: 'demo',
  title: 'Демо-склад',
  titleEn: 'Demo warehouse',
  description: 'Тестовый модуль',
  monthlyPriceKopecks: 10000,
  declarations: [items, warehouses, counterparties, stock, receipts, sales, transfers, stockReport],
  ui: { remote: 'engine' },
};

export const demoModule = defineModule(demo);

/** The demo module with more of the contract (a test's event subscriber…). */
export const demoModuleWith = (extra: Partial<ModuleDefinition>) => defineModule({ ...demo, ...extra });
