import { defineDocument, type Movement, type PostingContext } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { ruDate } from '../../../platform/engine/dates';
import { cumulative } from '../balances';
import { accountantDocuments, comment, organization } from '../fields';
import { Journal } from '../journal';
import { usnFigures } from '../usn/figures';
import { policyObject } from '../usn/policy';
import { usnTax } from '../usn/tax';
import { issuesInvoices, QUARTERS, quarterDates } from '../vat/rates';
import { vatReturnRows } from '../vat/return';
import { paymentDay } from '../working-days';

/** Taxes and contributions withheld or accrued on their own accounts that go to the ЕНС as they stand at the quarter's end. */
const WITHHELD = [
  { code: '68.01', title: 'НДФЛ' },
  { code: '69.01', title: 'Страховые взносы (ВНиМ)' },
  { code: '69.06', title: 'Страховые взносы по единому тарифу' },
  { code: '69.11', title: 'Взносы на страхование от несчастных случаев' },
];

const TAX = { budget_payment: 'tax' } as const;

/**
 * The quarter's НДС as it is due on the ЕНС: in three equal parts by the 28th of each of the three months after
 * the quarter (п. 1 ст. 174 НК РФ). The Code says «равными долями» and nothing of rounding; a sum not divisible
 * by 3 kopecks leaves its remainder (1 or 2 kopecks) in the first part, so that by each due date at least the
 * exact share is paid (paying earlier is allowed, never later): 1 100,00 → 366,68 + 366,66 + 366,66. A 28th on a
 * day off moves to the next work day (п. 7 ст. 6.1 НК РФ, `paymentDay`): each part is dated when it is due.
 */
export function vatParts(year: number, quarter: number, amount: number): { date: string; amount: number }[] {
  const third = Math.floor(amount / 3);
  return [1, 2, 3].map((n) => {
    const month = quarter * 3 + n;
    const date = month > 12 ? `${year + 1}-${String(month - 12).padStart(2, '0')}-28` : `${year}-${String(month).padStart(2, '0')}-28`;
    return { date: paymentDay(date), amount: n === 1 ? amount - 2 * third : third };
  });
}

/** НДС of the quarter as the return has it (раздел 1: стр. 040 к уплате, стр. 050 к возмещению, negative). */
async function vatDue(ctx: PostingContext, organization: string, year: number, quarter: number): Promise<number> {
  const rows = await vatReturnRows(ctx, organization, year, quarter);
  const payable = rows.find((r) => r.section === 'Раздел 1' && r.line === '040');
  const refund = rows.find((r) => r.section === 'Раздел 1' && r.line === '050');
  return payable ? Number(payable.vat) : -Number(refund?.vat ?? 0);
}

/**
 * Начисление налогов на ЕНС: what the organization owes for a quarter moved to account 68.90 «Единый налоговый
 * счёт», dated the quarter's last day — НДС from the return in its three monthly parts, each on its due date
 * (Дт 68.02 Кт 68.90, `vatParts`; a refund the other way, at the quarter's end), the УСН
 * advance of the period (Дт 99 Кт 68.12, then Дт 68.12 Кт 68.90; a smaller one than before reverses), and НДФЛ and
 * contributions as they stand on 68.01 / 69.xx (credit balances). The ЕНП paid (Списание денег with «ЕНП» in the
 * purpose) sits on 68.90 against 51; the report «Расчёты по ЕНС» shows both. One per organization and quarter.
 */
export const taxAccrual = defineDocument({
  code: 'tax_accrual',
  group: 'closing',
  title: 'Начисление налогов на ЕНС',
  titleEn: 'Taxes to the unified tax account',
  numberPrefix: 'ЕНС',
  numberBy: 'organization',
  fields: {
    organization,
    year: { type: 'integer', title: 'Год', required: true },
    quarter: { type: 'enum', title: 'Квартал', values: QUARTERS, required: true },
    total: { type: 'money', title: 'Начислено на ЕНС', computed: true },
    comment,
  },
  beforeSave: async (doc) => {
    const year = Number(doc.year);
    if (!Number.isInteger(year) || year < 2023 || year > 2100) throw Problem.badRequest('Год — с 2023 (ЕНС действует с 2023 года) по 2100.', { errors: [{ field: 'year', message: 'Год — с 2023 по 2100' }] });
    doc.date = quarterDates(year, Number(doc.quarter)).to;
  },
  post: async (doc, ctx) => {
    const year = Number(doc.year);
    const quarter = Number(doc.quarter);
    const end = quarterDates(year, quarter).to;
    await refuseSecond(ctx, doc);
    const j = await Journal.open(ctx, doc.organization);
    const org = await ctx.catalogItem('trade.organizations', doc.organization);
    const toEns = (code: string, amount: number, content: string, period?: string) => {
      if (amount > 0) j.add({ debit: j.side(code, TAX), credit: j.side('68.90'), amount, content, period });
      if (amount < 0) j.add({ debit: j.side('68.90'), credit: j.side(code, TAX), amount: -amount, content });
    };
    let total = 0;
    if (issuesInvoices(org?.vat_status)) {
      const vat = await vatDue(ctx, doc.organization, year, quarter);
      const content = `НДС за ${QUARTERS[doc.quarter as keyof typeof QUARTERS]} ${year} г. по декларации`;
      if (vat > 0) vatParts(year, quarter, vat).forEach((part, i) => toEns('68.02', part.amount, `${content}, ${i + 1}-я доля (срок уплаты ${ruDate(part.date)})`, part.date));
      else toEns('68.02', vat, content);
      total += vat;
    }
    if (String(org?.vat_status).startsWith('usn')) {
      const object = await policyObject(ctx, doc.organization);
      const { quarters } = await usnFigures(ctx, doc.organization, year, object === 'income_minus_expenses');
      const payable = usnTax(object, year, quarters.slice(0, quarter))[quarter - 1].payable;
      const content = quarter === 4 ? `Налог по УСН за ${year} г.` : `Авансовый платёж по УСН за ${QUARTERS[doc.quarter as keyof typeof QUARTERS]} ${year} г.`;
      if (payable > 0) j.add({ debit: j.side('99'), credit: j.side('68.12', TAX), amount: payable, content });
      if (payable < 0) j.add({ debit: j.side('68.12', TAX), credit: j.side('99'), amount: -payable, content });
      toEns('68.12', payable, content);
      total += payable;
    }
    const accounts = WITHHELD.map((w) => ({ ...w, account: j.chart.code(w.code) }));
    const held = (await cumulative(ctx, [end], ['account', 'subconto1'], { organization: doc.organization, accounts: accounts.map((a) => a.account.id) })).get(end)!;
    for (const a of accounts) {
      const s = held.get(`${a.account.id}|tax`);
      const owed = s ? s.credit.minus(s.debit).toNumber() : 0;
      if (owed > 0) toEns(a.code, owed, `${a.title} на ЕНС`);
      total += Math.max(0, owed);
    }
    await ctx.knex(ctx.table('d_accounting_tax_accrual')).where({ id: doc.id }).update({ total });
    return j.movements() as Movement[];
  },
  defaultAccess: accountantDocuments,
});

/** One accrual per organization and quarter: a second would move the taxes twice. */
async function refuseSecond(ctx: PostingContext, doc: Record<string, any>) {
  await ctx.knex.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`${ctx.schema}:accounting:tax_accrual|${doc.organization}|${doc.year}|${doc.quarter}`]);
  const other = await ctx.knex(ctx.table('d_accounting_tax_accrual')).where({ organization: doc.organization, year: doc.year, quarter: doc.quarter, status: 'posted' }).whereNot({ id: doc.id }).first('number');
  if (other) throw Problem.unprocessable(`Налоги за этот квартал уже начислены на ЕНС документом ${other.number} — перепроведите его, чтобы пересчитать.`);
}
