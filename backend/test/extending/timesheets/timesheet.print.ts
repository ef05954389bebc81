import type { PrintForm } from '../../../src/platform/engine/declarations';
import { contentLeft, contentWidth, createPdf, finishPdf, formatDate, formatMoney, formatQuantity, write } from '../../../src/modules/trade/print/layout';

/** Печатная форма «Табель» (PDF): the person, one line per work, the total. */
export const timesheetPrint: PrintForm = {
  code: 'timesheet',
  title: 'Табель',
  render: async (doc, ctx) => {
    const pdf = createPdf({ layout: 'portrait', margin: 40, title: `Табель ${doc.number}` });
    const x = contentLeft(pdf);
    const width = contentWidth(pdf);
    let y = write(pdf, `Табель ${doc.number} от ${formatDate(doc.date)}`, x, 40, width, { size: 14, bold: true });
    y = write(pdf, `Сотрудник: ${doc.person}`, x, y + 8, width, { size: 10 });
    for (const [i, line] of doc.lines.entries()) {
      const project = await ctx.catalogItem('projects', line.project);
      const text = `${i + 1}. ${project?.name}: ${formatQuantity(line.hours)} ч × ${formatMoney(line.rate)} = ${formatMoney(line.amount)} руб.`;
      y = write(pdf, text, x, y + 4, width, { size: 10 });
    }
    write(pdf, `Итого: ${formatMoney(doc.total)} руб.`, x, y + 8, width, { size: 10, bold: true });
    return finishPdf(pdf);
  },
};
