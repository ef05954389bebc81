/**
 * Акт выполненных работ (оказанных услуг), A4 portrait: the document by which the customer
 * accepts services. Same table and totals as the Счёт, then the acceptance sentence and the
 * signatures of both sides.
 */
import {
  contentLeft,
  contentWidth,
  createPdf,
  drawItemsWithTotals,
  ensureSpace,
  finishPdf,
  formatDate,
  formRow,
  hLine,
  labelledText,
  partyDetails,
  write,
  type Pdf,
} from './layout';
import type { PrintDocument, PrintParty, PrintSigners } from './types';

/** One side's signature column: role, organisation, position, signature and name, М.П. */
function drawSignatureColumn(
  pdf: Pdf,
  role: string,
  party: PrintParty,
  signers: PrintSigners | undefined,
  x: number,
  y: number,
  width: number,
): number {
  y = write(pdf, role, x, y, width, { size: 9, bold: true }) + 2;
  y = write(pdf, party.name, x, y, width, { size: 9 }) + 14;
  y = formRow(pdf, { x, y, width, size: 9, slots: [{ value: signers?.headPosition, caption: 'должность' }] }) + 14;
  y = formRow(pdf, {
    x,
    y,
    width,
    size: 9,
    slots: [{ width: 90, caption: 'подпись' }, { value: signers?.head, caption: 'расшифровка подписи' }],
  });
  return write(pdf, 'М.П.', x, y + 6, width, { size: 9 });
}

export function renderAct(doc: PrintDocument): Promise<Buffer> {
  const title = `Акт № ${doc.number} от ${formatDate(doc.date)}`;
  const pdf = createPdf({ layout: 'portrait', margin: 28, title });
  const x = contentLeft(pdf);
  const width = contentWidth(pdf);

  let y = write(pdf, title, x, pdf.page.margins.top, width, { size: 14, bold: true }) + 4;
  hLine(pdf, x, x + width, y, 2);
  y += 10;
  y = labelledText(pdf, 'Исполнитель:', partyDetails(doc.seller, true), y);
  y = labelledText(pdf, 'Заказчик:', partyDetails(doc.buyer, true), y);
  if (doc.basis) y = labelledText(pdf, 'Основание:', doc.basis, y);

  y = drawItemsWithTotals(pdf, doc, y + 4, { nameHeader: 'Наименование работ, услуг', countPhrase: 'Всего оказано услуг' });
  const acceptance =
    'Вышеперечисленные работы (услуги) выполнены полностью и в срок. ' +
    'Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.';
  y = write(pdf, acceptance, x, y + 8, width, { size: 9 });
  y = ensureSpace(pdf, y + 8, 130);
  hLine(pdf, x, x + width, y, 2);
  y += 12;

  const half = (width - 30) / 2;
  drawSignatureColumn(pdf, 'ИСПОЛНИТЕЛЬ', doc.seller, doc.sellerSigners, x, y, half);
  drawSignatureColumn(pdf, 'ЗАКАЗЧИК', doc.buyer, doc.buyerSigners, x + half + 30, y, half);
  return finishPdf(pdf);
}
