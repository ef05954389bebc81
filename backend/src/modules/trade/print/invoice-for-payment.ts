/**
 * Счёт на оплату, A4 portrait, in the layout Russian buyers know from 1С: the seller's bank
 * requisites in a frame on top (so the buyer's accountant can copy them into a payment order),
 * the title, the parties, the lines and the totals with the amount in words.
 */
import {
  cell,
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
import type { PrintDocument, PrintParty } from './types';

/** The requisites frame: bank, БИК and кор. счёт on top; ИНН, КПП, recipient and р/с below. */
function drawBankRequisites(pdf: Pdf, seller: PrintParty, y: number): number {
  const x = contentLeft(pdf);
  const leftWidth = 300;
  const labelWidth = 45;
  const valueWidth = contentWidth(pdf) - leftWidth - labelWidth;
  const row = 14;
  const value = { size: 9 };
  const caption = { size: 7 };

  cell(pdf, seller.bankName ?? '', { x, y, width: leftWidth, height: 2 * row }, value);
  write(pdf, 'Банк получателя', x + 2, y + 2 * row - 9, leftWidth, caption);
  cell(pdf, 'БИК', { x: x + leftWidth, y, width: labelWidth, height: row }, value);
  cell(pdf, seller.bik ?? '', { x: x + leftWidth + labelWidth, y, width: valueWidth, height: row }, value);
  cell(pdf, 'Сч. №', { x: x + leftWidth, y: y + row, width: labelWidth, height: row }, value);
  cell(pdf, seller.corrAccount ?? '', { x: x + leftWidth + labelWidth, y: y + row, width: valueWidth, height: row }, value);

  const lowerTop = y + 2 * row;
  const recipientHeight = 3 * row;
  cell(pdf, `ИНН ${seller.inn}`, { x, y: lowerTop, width: leftWidth / 2, height: row }, value);
  const kpp = seller.kpp ? `КПП ${seller.kpp}` : '';
  cell(pdf, kpp, { x: x + leftWidth / 2, y: lowerTop, width: leftWidth / 2, height: row }, value);
  cell(pdf, seller.name, { x, y: lowerTop + row, width: leftWidth, height: recipientHeight }, value);
  write(pdf, 'Получатель', x + 2, lowerTop + row + recipientHeight - 9, leftWidth, caption);
  const accountBox = { y: lowerTop, height: row + recipientHeight };
  cell(pdf, 'Сч. №', { ...accountBox, x: x + leftWidth, width: labelWidth }, value);
  cell(pdf, seller.account ?? '', { ...accountBox, x: x + leftWidth + labelWidth, width: valueWidth }, value);
  return lowerTop + row + recipientHeight;
}

/** `paymentQrPng`: a payment QR code (ГОСТ Р 56042-2014) printed under the signatures, for banking apps. */
export function renderInvoiceForPayment(doc: PrintDocument, extras: { paymentQrPng?: Buffer } = {}): Promise<Buffer> {
  const title = `Счёт на оплату № ${doc.number} от ${formatDate(doc.date)}`;
  const pdf = createPdf({ layout: 'portrait', margin: 28, title });
  const x = contentLeft(pdf);
  const width = contentWidth(pdf);

  let y = drawBankRequisites(pdf, doc.seller, pdf.page.margins.top) + 18;
  y = write(pdf, title, x, y, width, { size: 14, bold: true }) + 4;
  hLine(pdf, x, x + width, y, 2);
  y += 10;

  y = labelledText(pdf, 'Поставщик (Исполнитель):', partyDetails(doc.seller, false), y);
  y = labelledText(pdf, 'Покупатель (Заказчик):', partyDetails(doc.buyer, false), y);
  if (doc.basis) y = labelledText(pdf, 'Основание:', doc.basis, y);

  y = drawItemsWithTotals(pdf, doc, y + 4, { nameHeader: 'Товары (работы, услуги)', countPhrase: 'Всего наименований' });
  y = ensureSpace(pdf, y + 8, 50);
  hLine(pdf, x, x + width, y, 2);
  y += 22;

  const signers = doc.sellerSigners ?? {};
  const half = (width - 20) / 2;
  const signature = (label: string, name: string | undefined, left: number) =>
    formRow(pdf, {
      x: left,
      y,
      width: half,
      label,
      size: 9,
      slots: [{ width: 80, caption: 'подпись' }, { value: name, caption: 'расшифровка подписи' }],
    });
  signature('Руководитель', signers.head, x);
  signature('Бухгалтер', signers.accountant, x + half + 20);
  if (extras.paymentQrPng) {
    const size = 96;
    const top = ensureSpace(pdf, y + 40, size + 8);
    pdf.image(extras.paymentQrPng, x, top, { width: size, height: size });
    write(pdf, 'Оплата по QR-коду: отсканируйте его в приложении своего банка — реквизиты, сумма и назначение платежа заполнятся сами.', x + size + 12, top + 30, width - size - 12, { size: 9 });
  }
  return finishPdf(pdf);
}
