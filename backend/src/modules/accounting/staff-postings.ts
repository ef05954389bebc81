import type { DocumentRecord, PostingContext } from '../../platform/engine/declarations';
import type { DocumentHook } from '../../platform/modules/define-module';
import { cashFlowItem, costItem } from './chart';
import { Journal } from './journal';

/**
 * Проводки of «Кадры и зарплата», written in the staff document's posting transaction (the module contract's
 * `documentHooks`), from the document alone: staff knows nothing of accounting, accounting reads no staff table.
 * Начисление зарплаты: Дт 44.01 / 26 / 20.01 (the person's cost account) Кт 70 the accrual, Дт 70 Кт 68.01 the НДФЛ,
 * Дт <cost> Кт 69.06 the contributions at the single tariff, Дт <cost> Кт 69.11 НС и ПЗ.
 * Ведомость на выплату: Дт 70 Кт 51 (the organization's bank account) or Кт 50.01 (the cash desk).
 */

type Doc = DocumentRecord & Record<string, any>;
interface PayrollLine {
  employee: string;
  cost_account?: string;
  accrued: number;
  ndfl: number;
  contributions: number;
  injury: number;
}

const budget = { budget_payment: 'tax' };

async function payroll(doc: Doc, ctx: PostingContext) {
  const j = await Journal.open(ctx, doc.organization);
  for (const l of doc.lines as PayrollLine[]) {
    const cost = (item: '00004' | '00005') => j.side(l.cost_account ?? '44.01', { cost_item: costItem(item) });
    const person = j.side('70', { employee: l.employee });
    j.add({ debit: cost('00004'), credit: person, amount: l.accrued, content: 'Начислена зарплата' });
    j.add({ debit: person, credit: j.side('68.01', budget), amount: l.ndfl, content: 'Удержан НДФЛ' });
    j.add({ debit: cost('00005'), credit: j.side('69.06', budget), amount: l.contributions, content: 'Страховые взносы по единому тарифу' });
    j.add({ debit: cost('00005'), credit: j.side('69.11', budget), amount: l.injury, content: 'Взносы на страхование от НС и ПЗ' });
  }
  return j.movements();
}

async function salaryPayment(doc: Doc, ctx: PostingContext) {
  const j = await Journal.open(ctx, doc.organization);
  const org = await ctx.catalogItem('trade.organizations', doc.organization);
  const flow = { cash_flow_item: cashFlowItem('00006') };
  const money = doc.method === 'cash' ? j.side('50.01', flow) : j.side('51', { bank_account: (org?.account as string) ?? null, ...flow });
  const what = doc.kind === 'advance' ? 'Выплачен аванс' : 'Выплачена зарплата';
  for (const l of doc.lines as { employee: string; amount: number }[]) j.add({ debit: j.side('70', { employee: l.employee }), credit: money, amount: l.amount, content: what });
  return j.movements();
}

/** The hooks, by the staff document's subject. */
export const staffHooks: Record<string, DocumentHook> = {
  'staff.payrolls': { post: payroll },
  'staff.salary_payments': { post: salaryPayment },
};
