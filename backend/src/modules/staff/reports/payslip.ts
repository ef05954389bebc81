import type { DocumentRecord, PrintContext, PrintForm } from '../../../platform/engine/declarations';
import { contentLeft, contentWidth, createPdf, finishPdf, formatMoney, write } from '../../trade/print/layout';
import type { PayrollLine } from '../payroll/calculate';

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
export const monthTitle = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Расчётные листки of a payroll's lines (all of them, or one person's): accrued, withheld, to be paid. */
export async function renderPayslips(doc: DocumentRecord & Record<string, any>, lines: PayrollLine[], ctx: Pick<PrintContext, 'catalogItem'>): Promise<Buffer> {
  const pdf = createPdf({ layout: 'portrait', margin: 40, title: `Расчётные листки за ${monthTitle(doc.month)}` });
  const x = contentLeft(pdf);
  const width = contentWidth(pdf);
  let y = 40;
  const organization = await ctx.catalogItem('trade.organizations', doc.organization);
  for (const [i, l] of lines.entries()) {
    if (i > 0) pdf.addPage();
    y = 40;
    const person = await ctx.catalogItem('employees', l.employee);
    y = write(pdf, `Расчётный листок за ${monthTitle(doc.month)}`, x, y, width, { size: 14, bold: true });
    y = write(pdf, `${organization?.name ?? ''}`, x, y + 4, width, { size: 10 });
    y = write(pdf, `Сотрудник: ${person?.name ?? ''}`, x, y + 4, width, { size: 10 });
    y = write(pdf, `Отработано: ${l.days} из ${l.norm_days} дн.; оклад ${formatMoney(l.salary_rate ?? 0)} руб.`, x, y + 4, width, { size: 10 });
    const rows: [string, number | undefined][] = [
      ['Оплата по окладу', l.salary],
      ['Премия', l.bonus ?? 0],
      ['Доплата до МРОТ', l.mrot_topup],
      ['Районный коэффициент и северная надбавка', l.regional],
      ['Отпускные', l.vacation_pay],
      ['Больничные', l.sick_pay],
      ['Компенсация отпуска', l.compensation],
    ];
    y = write(pdf, 'Начислено', x, y + 10, width, { size: 11, bold: true });
    for (const [title, amount] of rows) if (amount) y = write(pdf, `${title}: ${formatMoney(amount)} руб.`, x, y + 2, width, { size: 10 });
    y = write(pdf, `Всего начислено: ${formatMoney(l.accrued ?? 0)} руб.`, x, y + 4, width, { size: 10, bold: true });
    y = write(pdf, 'Удержано', x, y + 10, width, { size: 11, bold: true });
    y = write(pdf, `НДФЛ: ${formatMoney(l.ndfl ?? 0)} руб.${l.deductions ? ` (вычеты на детей ${formatMoney(l.deductions)} руб.)` : ''}`, x, y + 2, width, { size: 10 });
    write(pdf, `К выплате: ${formatMoney(l.net ?? 0)} руб.`, x, y + 10, width, { size: 12, bold: true });
  }
  return finishPdf(pdf);
}

/** Печатная форма «Расчётные листки» of «Начисление зарплаты»: one page per person. */
export const payslipsPrint: PrintForm = {
  code: 'payslips',
  title: 'Расчётные листки',
  render: (doc, ctx) => renderPayslips(doc, doc.lines, ctx),
};
