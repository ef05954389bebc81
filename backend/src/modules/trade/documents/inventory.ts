import Decimal from 'decimal.js';
import { defineDocument, type Movement } from '../../../platform/engine/declarations';
import { costExpense, costReceipt, costOrganization } from '../costing';
import { comment, organization, warehouse, warehouseAccess } from '../fields';
import { Ledger } from '../ledger';

interface CountLine {
  line_no: number;
  product: string;
  quantity: string;
  price: number;
}

/**
 * Инвентаризация товаров: the counted quantity against the book quantity on the document's date.
 * Posting writes the differences — оприходование излишков (receipt, valued at the line's price) and
 * списание недостач (expense, at cost) — and stores the book quantity it used on each line.
 */
export const inventory = defineDocument({
  module: 'trade',
  code: 'inventory',
  group: 'warehouse',
  title: 'Инвентаризация товаров',
  titleEn: 'Stocktaking',
  numberPrefix: 'ИНВ',
  numberBy: 'organization',
  fields: { organization, warehouse, comment },
  sections: {
    goods: {
      title: 'Товары',
      fields: {
        product: { type: 'ref', ref: 'products', title: 'Номенклатура', required: true },
        quantity: { type: 'decimal', title: 'Количество фактическое', required: true },
        book_quantity: { type: 'decimal', title: 'Количество учётное' },
        difference: { type: 'decimal', title: 'Отклонение' },
        price: { type: 'money', title: 'Цена оприходования излишков' },
      },
    },
  },
  post: async (doc, ctx) => {
    const org = await costOrganization(ctx, doc.organization);
    const ledger = Ledger.of(ctx);
    const out: Movement[] = [];
    const shortages: { product: string; quantity: string }[] = [];
    for (const l of doc.goods as CountLine[]) {
      const dims = { organization: org.id, warehouse: doc.warehouse, product: l.product };
      const book = new Decimal((await ctx.balance('stock', dims, doc.date)).quantity ?? 0);
      const diff = new Decimal(l.quantity).minus(book);
      // The book quantity is only known inside the posting transaction: keep it on the line for the printout.
      await ctx.knex(ledger.table('d_trade_inventory__goods')).where({ doc_id: doc.id, line_no: l.line_no }).update({ book_quantity: book.toFixed(), difference: diff.toFixed() });
      if (diff.gt(0)) {
        out.push({ register: 'stock', kind: 'receipt', dimensions: dims, resources: { quantity: diff.toFixed() } });
        out.push(costReceipt(org, doc, l.product, diff.toFixed(), diff.times(l.price ?? 0).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()));
      } else if (diff.lt(0)) {
        out.push({ register: 'stock', kind: 'expense', dimensions: dims, resources: { quantity: diff.negated().toFixed() } });
        shortages.push({ product: l.product, quantity: diff.negated().toFixed() });
      }
    }
    if (shortages.length) out.push(...(await costExpense(ctx, ledger, org, doc.date, shortages)).movements);
    return out;
  },
  defaultAccess: warehouseAccess,
});
