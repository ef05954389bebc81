/**
 * ТОРГ-12, товарная накладная (unified form approved by Госкомстат decree № 132 of 25.12.1998),
 * A4 landscape: parties with the codes box on the right, the 15-column goods table, then the
 * release (отпуск) and receipt (приём) signatures side by side.
 */
import Decimal from 'decimal.js';
import { amountInWords } from '../../../platform/ru/amount-in-words';
import {
  cell,
  contentLeft,
  contentWidth,
  createPdf,
  drawTable,
  ensureSpace,
  finishPdf,
  formatDate,
  formatMoney,
  formatQuantity,
  formRow,
  partyDetails,
  vLine,
  write,
  type Column,
  type FooterCell,
  type Pdf,
  type Slot,
} from './layout';
import type { PrintDocument, PrintLine } from './types';

const SIZE = 7;
/** The codes box («Коды») at the right edge: a label column and a value column. */
const CODE_LABEL_WIDTH = 110;
const CODE_WIDTH = 80;
const CODE_ROW = 11;

/** Parties on the left, each a line with a caption; returns the top of every row for the codes box. */
function drawParties(pdf: Pdf, doc: PrintDocument, x: number, y: number, width: number) {
  const row = (label: string, value: string, caption: string, rowY: number) =>
    formRow(pdf, { x, y: rowY, width, label, labelWidth: 80, size: SIZE, slots: [{ value, caption, align: 'left' }] }) + 2;
  const tops: number[] = [];
  const organisation = 'организация, адрес, телефон, факс, банковские реквизиты';
  const rows: [string, string, string][] = [
    ['Грузоотправитель', partyDetails(doc.shipper ?? doc.seller, true), organisation],
    ['', '', 'структурное подразделение'],
    ['Грузополучатель', partyDetails(doc.consignee ?? doc.buyer, true), organisation],
    ['Поставщик', partyDetails(doc.seller, true), organisation],
    ['Плательщик', partyDetails(doc.buyer, true), organisation],
    ['Основание', doc.basis ?? '', 'договор, заказ-наряд'],
  ];
  for (const [label, value, caption] of rows) {
    tops.push(y);
    y = row(label, value, caption, y);
  }
  return { tops, bottom: y };
}

/**
 * The codes box: ОКУД of the form, then one ОКПО per party, each row as tall as the party row
 * it stands next to, then the basis and waybill rows.
 */
function drawCodes(pdf: Pdf, doc: PrintDocument, tops: number[], bottom: number, right: number): number {
  const labelX = right - CODE_WIDTH - CODE_LABEL_WIDTH;
  const codeX = right - CODE_WIDTH;
  const code = (label: string, value: string, top: number, height: number) => {
    write(pdf, label, labelX, top + 2, CODE_LABEL_WIDTH - 4, { size: SIZE - 1, align: 'right' });
    cell(pdf, value, { x: codeX, y: top, width: CODE_WIDTH, height }, { size: SIZE, align: 'center' });
  };
  const [shipperTop, unitTop, consigneeTop, sellerTop, buyerTop, basisTop] = tops;
  const codesHeader = { x: codeX, y: shipperTop - 2 * CODE_ROW, width: CODE_WIDTH, height: CODE_ROW };
  cell(pdf, 'Коды', codesHeader, { size: SIZE, align: 'center' });
  code('Форма по ОКУД', '0330212', shipperTop - CODE_ROW, CODE_ROW);
  code('по ОКПО', (doc.shipper ?? doc.seller).okpo ?? '', shipperTop, unitTop - shipperTop);
  code('Вид деятельности по ОКДП', '', unitTop, consigneeTop - unitTop);
  code('по ОКПО', (doc.consignee ?? doc.buyer).okpo ?? '', consigneeTop, sellerTop - consigneeTop);
  code('по ОКПО', doc.seller.okpo ?? '', sellerTop, buyerTop - sellerTop);
  code('по ОКПО', doc.buyer.okpo ?? '', buyerTop, basisTop - buyerTop);
  const tail: [string, string][] = [
    ['Основание: номер', ''],
    ['дата', ''],
    ['Транспортная накладная: номер', ''],
    ['дата', ''],
    ['Вид операции', ''],
  ];
  let y = basisTop;
  for (const [label, value] of tail) {
    code(label, value, y, CODE_ROW);
    y += CODE_ROW;
  }
  return Math.max(y, bottom);
}

/** «ТОВАРНАЯ НАКЛАДНАЯ» with the small number/date table next to it. */
function drawTitle(pdf: Pdf, doc: PrintDocument, x: number, y: number, width: number): number {
  const boxX = x + width / 2 - 40;
  write(pdf, 'ТОВАРНАЯ НАКЛАДНАЯ', boxX - 150, y + 12, 140, { size: 10, bold: true, align: 'right' });
  const headerStyle = { size: SIZE - 1, align: 'center' as const, valign: 'middle' as const };
  cell(pdf, 'Номер документа', { x: boxX, y, width: 80, height: 14 }, headerStyle);
  cell(pdf, 'Дата составления', { x: boxX + 80, y, width: 80, height: 14 }, headerStyle);
  const valueStyle = { size: 9, bold: true, align: 'center' as const, valign: 'middle' as const };
  cell(pdf, doc.number, { x: boxX, y: y + 14, width: 80, height: 16 }, valueStyle);
  cell(pdf, formatDate(doc.date), { x: boxX + 80, y: y + 14, width: 80, height: 16 }, valueStyle);
  return y + 30;
}

function tableColumns(pageWidth: number): Column<PrintLine>[] {
  const columns: Column<PrintLine>[] = [
    { number: '1', header: 'Номер по порядку', width: 30, align: 'center', value: (_line, i) => String(i + 1) },
    {
      number: '2',
      group: 'Товар',
      header: 'наименование, характеристика, сорт, артикул товара',
      width: 0,
      value: (line) => line.name,
    },
    { number: '3', group: 'Товар', header: 'код', width: 48, align: 'center', value: (line) => line.code ?? '' },
    { number: '4', group: 'Единица измерения', header: 'наименование', width: 48, align: 'center', value: (l) => l.unit },
    { number: '5', group: 'Единица измерения', header: 'код по ОКЕИ', width: 30, align: 'center', value: (l) => l.unitCode },
    { number: '6', header: 'Вид упаковки', width: 36, value: () => '' },
    { number: '7', group: 'Количество', header: 'в одном месте', width: 34, value: () => '' },
    { number: '8', group: 'Количество', header: 'мест, штук', width: 34, value: () => '' },
    { number: '9', header: 'Масса брутто', width: 38, value: () => '' },
    {
      number: '10',
      header: 'Количество (масса нетто)',
      width: 48,
      align: 'right',
      value: (line) => formatQuantity(line.quantity),
    },
    { number: '11', header: 'Цена, руб. коп.', width: 56, align: 'right', value: (line) => formatMoney(line.priceKopecks) },
    {
      number: '12',
      header: 'Сумма без учета НДС, руб. коп.',
      width: 62,
      align: 'right',
      value: (line) => formatMoney(line.amountKopecks),
    },
    { number: '13', group: 'НДС', header: 'ставка, %', width: 36, align: 'center', value: (line) => line.vatRateLabel },
    {
      number: '14',
      group: 'НДС',
      header: 'сумма, руб. коп.',
      width: 56,
      align: 'right',
      value: (line) => (line.vatRateLabel === 'без НДС' ? 'без НДС' : formatMoney(line.vatKopecks)),
    },
    {
      number: '15',
      header: 'Сумма с учетом НДС, руб. коп.',
      width: 62,
      align: 'right',
      value: (line) => formatMoney(line.totalKopecks),
    },
  ];
  columns[1].width = pageWidth - columns.reduce((sum, column) => sum + column.width, 0);
  return columns;
}

/** «Всего по накладной»: sums under columns 10, 12, 14 and 15; «Х» where a sum makes no sense. */
function totalsRow(doc: PrintDocument): FooterCell[] {
  // Quantities are decimal strings; Decimal adds them exactly.
  const quantity = doc.lines.reduce((sum, line) => sum.plus(line.quantity), new Decimal(0));
  return [
    { text: 'Всего по накладной', span: 7, align: 'right', bold: true, border: false },
    { text: '', span: 1 },
    { text: '', span: 1 },
    { text: formatQuantity(quantity.toFixed()), span: 1, align: 'right' },
    { text: 'Х', span: 1, align: 'center' },
    { text: formatMoney(doc.totals.amountKopecks), span: 1, align: 'right', bold: true },
    { text: 'Х', span: 1, align: 'center' },
    { text: formatMoney(doc.totals.vatKopecks), span: 1, align: 'right', bold: true },
    { text: formatMoney(doc.totals.totalKopecks), span: 1, align: 'right', bold: true },
  ];
}

/** Left half under the table: weights, the amount in words and who released the goods. */
function drawRelease(pdf: Pdf, doc: PrintDocument, x: number, y: number, width: number): number {
  const signers = doc.sellerSigners ?? {};
  const row = (label: string, slots: Slot[], rowY: number) =>
    formRow(pdf, { x, y: rowY, width, label, size: SIZE, slots }) + 3;
  y = row('Масса груза (нетто)', [{ caption: 'прописью' }], y);
  y = row('Всего мест', [{ caption: 'прописью' }], y);
  y = row('Масса груза (брутто)', [{ caption: 'прописью' }], y);
  const attachment = 'Приложение (паспорта, сертификаты и т.п.) на';
  const attachmentRow = { x, y, width: 260, label: attachment, marker: 'листах', size: SIZE };
  y = formRow(pdf, { ...attachmentRow, slots: [{ caption: 'прописью' }] }) + 3;
  y = row('Всего отпущено на сумму', [{ value: amountInWords(doc.totals.totalKopecks), bold: true }], y);
  y = row(
    'Отпуск груза разрешил',
    [
      { value: signers.headPosition, caption: 'должность' },
      { width: 60, caption: 'подпись' },
      { value: signers.head, caption: 'расшифровка подписи' },
    ],
    y + 4,
  );
  y = row(
    'Главный (старший) бухгалтер',
    [
      { width: 60, caption: 'подпись' },
      { value: signers.accountant, caption: 'расшифровка подписи' },
    ],
    y,
  );
  y = row(
    'Отпуск груза произвел',
    [{ caption: 'должность' }, { width: 60, caption: 'подпись' }, { caption: 'расшифровка подписи' }],
    y,
  );
  return write(pdf, `М.П.          ${formatDate(doc.date)}`, x, y + 4, width, { size: SIZE });
}

/** Right half: the power of attorney and who accepted the goods; filled in by the buyer. */
function drawReceipt(pdf: Pdf, x: number, y: number, width: number): number {
  const people: Slot[] = [{ caption: 'должность' }, { width: 60, caption: 'подпись' }, { caption: 'расшифровка подписи' }];
  const row = (label: string, slots: Slot[], rowY: number) =>
    formRow(pdf, { x, y: rowY, width, label, size: SIZE, slots }) + 3;
  y = row('По доверенности №', [{ width: 90 }, { prefix: 'от' }], y);
  y = row('выданной', [{ caption: 'кем, кому (организация, должность, фамилия, и. о.)' }], y);
  y = row('', [{}], y + 4); // a second blank line for a long «выданной»
  y = row('Груз принял', people, y + 20);
  y = row('Груз получил грузополучатель', people, y + 4);
  return write(pdf, 'М.П.          «____» ______________ 20___ года', x, y + 4, width, { size: SIZE });
}

export function renderTorg12(doc: PrintDocument): Promise<Buffer> {
  const title = `Товарная накладная ТОРГ-12 № ${doc.number} от ${formatDate(doc.date)}`;
  const pdf = createPdf({ layout: 'landscape', margin: 20, title });
  const x = contentLeft(pdf);
  const width = contentWidth(pdf);
  let y = pdf.page.margins.top;

  const approval = 'Унифицированная форма № ТОРГ-12\nУтверждена постановлением Госкомстата России от 25.12.98 № 132';
  y = write(pdf, approval, x + width - 300, y, 300, { size: SIZE - 1, align: 'right' });
  y += 2 * CODE_ROW + 4; // room for the «Коды» and ОКУД rows above the first party

  const partiesWidth = width - CODE_WIDTH - CODE_LABEL_WIDTH - 10;
  const parties = drawParties(pdf, doc, x, y, partiesWidth);
  y = drawCodes(pdf, doc, parties.tops, parties.bottom, x + width);
  y = drawTitle(pdf, doc, x, y + 6, width) + 8;

  y = drawTable(pdf, {
    x,
    y,
    columns: tableColumns(width),
    rows: doc.lines,
    size: SIZE,
    headerSize: 6,
    footer: [totalsRow(doc)],
  });

  y = formRow(pdf, {
    x,
    y: y + 6,
    width: 520,
    size: SIZE,
    label: 'Товарная накладная имеет приложение на',
    marker: 'порядковых номеров записей',
    slots: [{ width: 70 }, { prefix: 'листах и содержит', value: String(doc.lines.length) }],
  });
  y = ensureSpace(pdf, y + 6, 160);
  const half = (width - 20) / 2;
  const releaseBottom = drawRelease(pdf, doc, x, y, half);
  const receiptBottom = drawReceipt(pdf, x + half + 20, y, half);
  vLine(pdf, x + half + 10, y, Math.max(releaseBottom, receiptBottom));
  return finishPdf(pdf);
}
