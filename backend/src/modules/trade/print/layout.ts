/**
 * Drawing helpers shared by all print forms: the PDF set-up with an embedded Cyrillic font,
 * Russian number and date formatting, a bordered table, and the "value on an underline with a
 * small caption below" rows that Russian paper forms are made of.
 *
 * Coordinates are PDF points (1/72 inch) from the top-left corner. Every helper takes an explicit
 * x/y and returns the y below what it drew, so a form reads top to bottom as plain code.
 */
import path from 'node:path';
import { formatQuantity as formatDecimalQuantity, formatRubles } from '@workcloud/shared-core';
import PDFDocument from 'pdfkit';
import { amountInWords } from '../../../platform/ru/amount-in-words';
import type { Kopecks, PrintDocument, PrintLine, PrintParty } from './types';

export type Pdf = PDFKit.PDFDocument;
export type Align = 'left' | 'center' | 'right';

// DejaVu Sans Condensed (npm `dejavu-fonts-ttf`): full Cyrillic, and narrow enough for the
// dense УПД and ТОРГ-12 tables. pdfkit embeds the used glyphs, so the PDF looks the same anywhere.
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
// Fonts are selected by file path, not by registerFont() aliases: pdfkit 0.20 caches a font by the
// key it is selected with, except when an alias points at a font it already loaded under another
// key; then it parses the TTF again on every switch, which made a УПД take a second to render.
const REGULAR_FONT_FILE = path.join(FONT_DIR, 'DejaVuSansCondensed.ttf');
const BOLD_FONT_FILE = path.join(FONT_DIR, 'DejaVuSansCondensed-Bold.ttf');

/** Line width of table borders and underlines. */
const THIN = 0.5;
const CELL_PADDING = 2;
const CAPTION_SIZE = 5;

/** A4 document in our font; `bufferPages` so that a form can count its pages at the end. */
export function createPdf(options: { layout: 'portrait' | 'landscape'; margin: number; title: string }): Pdf {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: options.layout,
    margin: options.margin,
    // Passing our font here keeps pdfkit from loading its default Helvetica, which has no Cyrillic.
    font: REGULAR_FONT_FILE,
    bufferPages: true,
    info: { Title: options.title, Producer: 'WorkCloud' },
  });
  pdf.lineWidth(THIN);
  return pdf;
}

/** Ends the document and collects the whole PDF in memory (forms are a few pages at most). */
export function finishPdf(pdf: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** 123456 kopecks → '1 234,56' (no-break spaces: a number never wraps in a narrow column). */
export function formatMoney(kopecks: Kopecks): string {
  return formatRubles(kopecks, { currency: false, minus: '-' });
}

/** '1234.500' → '1 234,5'; quantities keep only the decimals they need. */
export function formatQuantity(quantity: string): string {
  if (!/^\d+(\.\d+)?$/.test(quantity)) throw new Error(`formatQuantity: not a decimal quantity: '${quantity}'`);
  return formatDecimalQuantity(quantity);
}

/** '2026-11-26' → '26.11.2026'. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`formatDate: expected YYYY-MM-DD, got '${isoDate}'`);
  return `${match[3]}.${match[2]}.${match[1]}`;
}

/** 'ИНН/КПП' as printed in УПД; just the ИНН for an entrepreneur. */
export function innKpp(party: PrintParty): string {
  return party.kpp ? `${party.inn}/${party.kpp}` : party.inn;
}

/** One-line description: name, ИНН, КПП, address, phone and, if asked, bank requisites. */
export function partyDetails(party: PrintParty, withBank: boolean): string {
  const parts = [party.name, `ИНН ${party.inn}`];
  if (party.kpp) parts.push(`КПП ${party.kpp}`);
  parts.push(party.address);
  if (party.phone) parts.push(`тел.: ${party.phone}`);
  if (withBank) {
    if (party.account) parts.push(`р/с ${party.account}`);
    if (party.bankName) parts.push(`в банке ${party.bankName}`);
    if (party.bik) parts.push(`БИК ${party.bik}`);
    if (party.corrAccount) parts.push(`к/с ${party.corrAccount}`);
  }
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Page geometry and text

export function contentLeft(pdf: Pdf): number {
  return pdf.page.margins.left;
}

export function contentWidth(pdf: Pdf): number {
  return pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
}

function contentBottom(pdf: Pdf): number {
  return pdf.page.height - pdf.page.margins.bottom;
}

/** Starts a new page when `height` points do not fit below `y`; returns where to draw. */
export function ensureSpace(pdf: Pdf, y: number, height: number): number {
  if (y + height <= contentBottom(pdf)) return y;
  pdf.addPage();
  pdf.lineWidth(THIN);
  return pdf.page.margins.top;
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  align?: Align;
}

function useFont(pdf: Pdf, style: TextStyle): void {
  pdf.font(style.bold ? BOLD_FONT_FILE : REGULAR_FONT_FILE).fontSize(style.size);
}

/** Height that `text` takes when wrapped to `width`. */
function measure(pdf: Pdf, text: string, width: number, style: TextStyle): number {
  useFont(pdf, style);
  return pdf.heightOfString(text || ' ', { width });
}

/** Width of `text` on one line. */
function textWidth(pdf: Pdf, text: string, style: TextStyle): number {
  useFont(pdf, style);
  return pdf.widthOfString(text);
}

/** Writes wrapped text and returns the y below it. */
export function write(pdf: Pdf, text: string, x: number, y: number, width: number, style: TextStyle): number {
  const height = measure(pdf, text, width, style);
  pdf.text(text, x, y, { width, align: style.align ?? 'left' });
  return y + height;
}

export function hLine(pdf: Pdf, x1: number, x2: number, y: number, width = THIN): void {
  pdf.save().lineWidth(width).moveTo(x1, y).lineTo(x2, y).stroke().restore();
}

export function vLine(pdf: Pdf, x: number, y1: number, y2: number, width = THIN): void {
  pdf.save().lineWidth(width).moveTo(x, y1).lineTo(x, y2).stroke().restore();
}

/** A bordered cell with padded text; `valign: 'middle'` centres it as in table headers. */
export function cell(
  pdf: Pdf,
  text: string,
  box: { x: number; y: number; width: number; height: number },
  style: TextStyle & { valign?: 'top' | 'middle'; border?: boolean },
): void {
  if (style.border ?? true) pdf.rect(box.x, box.y, box.width, box.height).stroke();
  if (!text) return;
  const innerWidth = box.width - 2 * CELL_PADDING;
  const textHeight = measure(pdf, text, innerWidth, style);
  const top = style.valign === 'middle' ? box.y + (box.height - textHeight) / 2 : box.y + CELL_PADDING;
  write(pdf, text, box.x + CELL_PADDING, top, innerWidth, style);
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface Column<Row> {
  header: string;
  width: number;
  align?: Align;
  /** Official column number printed in the row under the header ('1', '1а', 'А'). */
  number?: string;
  /** Neighbouring columns with the same group get one spanning header cell above their own. */
  group?: string;
  value: (row: Row, index: number) => string;
}

/** A cell of a footer row ("Итого", "Всего к оплате") spanning `span` columns. */
export interface FooterCell {
  text: string;
  span: number;
  align?: Align;
  bold?: boolean;
  /** Labels standing left of the grid are printed without a frame. */
  border?: boolean;
}

export interface TableOptions<Row> {
  x: number;
  y: number;
  columns: Column<Row>[];
  rows: Row[];
  footer?: FooterCell[][];
  size: number;
  headerSize: number;
  headerBold?: boolean;
}

/** Splits the columns into runs that share a group (or stand alone when ungrouped). */
function headerGroups<Row>(columns: Column<Row>[]): { group?: string; columns: Column<Row>[] }[] {
  const runs: { group?: string; columns: Column<Row>[] }[] = [];
  for (const column of columns) {
    const last = runs[runs.length - 1];
    if (column.group && last?.group === column.group) last.columns.push(column);
    else runs.push({ group: column.group, columns: [column] });
  }
  return runs;
}

function sumWidths<Row>(columns: Column<Row>[]): number {
  return columns.reduce((sum, column) => sum + column.width, 0);
}

/** Draws the header (two tiers when columns are grouped) and the column number row. */
function drawTableHeader<Row>(pdf: Pdf, options: TableOptions<Row>, y: number): number {
  const style: TextStyle = { size: options.headerSize, bold: options.headerBold, align: 'center' };
  const pad = 2 * CELL_PADDING;
  const runs = headerGroups(options.columns);
  const heightOf = (text: string, width: number) => measure(pdf, text, width - pad, style) + pad;

  const grouped = runs.filter((run) => run.group);
  const groupHeight = Math.max(0, ...grouped.map((run) => heightOf(run.group ?? '', sumWidths(run.columns))));
  const subHeight = Math.max(0, ...grouped.flatMap((run) => run.columns.map((c) => heightOf(c.header, c.width))));
  const singleHeight = Math.max(
    0,
    ...runs.filter((run) => !run.group).map((run) => heightOf(run.columns[0].header, run.columns[0].width)),
  );
  const height = Math.max(groupHeight + subHeight, singleHeight);

  let x = options.x;
  for (const run of runs) {
    const runWidth = sumWidths(run.columns);
    if (run.group) {
      cell(pdf, run.group, { x, y, width: runWidth, height: groupHeight }, { ...style, valign: 'middle' });
      let cx = x;
      for (const column of run.columns) {
        const box = { x: cx, y: y + groupHeight, width: column.width, height: height - groupHeight };
        cell(pdf, column.header, box, { ...style, valign: 'middle' });
        cx += column.width;
      }
    } else {
      cell(pdf, run.columns[0].header, { x, y, width: runWidth, height }, { ...style, valign: 'middle' });
    }
    x += runWidth;
  }
  y += height;

  if (options.columns.some((column) => column.number)) {
    const numberStyle: TextStyle = { size: options.headerSize, align: 'center' };
    const numberHeight = measure(pdf, '1', 100, numberStyle) + pad;
    x = options.x;
    for (const column of options.columns) {
      cell(pdf, column.number ?? '', { x, y, width: column.width, height: numberHeight }, numberStyle);
      x += column.width;
    }
    y += numberHeight;
  }
  return y;
}

/**
 * A bordered table with fixed column widths. Rows grow to fit wrapped text; a row that does not
 * fit on the page moves to a new one, under a repeated header. Returns the y below the table.
 */
export function drawTable<Row>(pdf: Pdf, options: TableOptions<Row>): number {
  const pad = 2 * CELL_PADDING;
  const bodyStyle: TextStyle = { size: options.size };
  let y = drawTableHeader(pdf, options, ensureSpace(pdf, options.y, 60));

  options.rows.forEach((row, index) => {
    const texts = options.columns.map((column) => column.value(row, index));
    const height = Math.max(...texts.map((text, i) => measure(pdf, text, options.columns[i].width - pad, bodyStyle))) + pad;
    const top = ensureSpace(pdf, y, height);
    if (top !== y) y = drawTableHeader(pdf, options, top);
    let x = options.x;
    options.columns.forEach((column, i) => {
      cell(pdf, texts[i], { x, y, width: column.width, height }, { ...bodyStyle, align: column.align });
      x += column.width;
    });
    y += height;
  });

  for (const footerRow of options.footer ?? []) {
    let start = 0;
    const boxes = footerRow.map((footerCell) => {
      const width = sumWidths(options.columns.slice(start, start + footerCell.span));
      start += footerCell.span;
      return width;
    });
    const height =
      Math.max(...footerRow.map((c, i) => measure(pdf, c.text, boxes[i] - pad, { ...bodyStyle, bold: c.bold }))) + pad;
    y = ensureSpace(pdf, y, height);
    let x = options.x;
    footerRow.forEach((footerCell, i) => {
      const style = { ...bodyStyle, bold: footerCell.bold, align: footerCell.align, border: footerCell.border };
      cell(pdf, footerCell.text, { x, y, width: boxes[i], height }, style);
      x += boxes[i];
    });
    y += height;
  }
  return y;
}

// ---------------------------------------------------------------------------------------------
// Form rows: "Label ____value____ (1)" with small captions under the lines

export interface Slot {
  /** Text before the line, e.g. 'от' in '№ ___ от ___'. */
  prefix?: string;
  /** Text printed on the line; blank lines are left for a pen. */
  value?: string;
  /** Small grey caption under the line, e.g. '(подпись)'. */
  caption?: string;
  /** Fixed width; slots without one share what is left. */
  width?: number;
  bold?: boolean;
  /** Values are centred on their line unless said otherwise. */
  align?: Align;
}

export interface FormRowOptions {
  x: number;
  y: number;
  width: number;
  label?: string;
  /** Fixed width of the label column; by default the label takes its natural width. */
  labelWidth?: number;
  slots: Slot[];
  /** Marker at the right end, such as the official line number '(2)' or '[10]'. */
  marker?: string;
  size: number;
}

const SLOT_GAP = 6;

/** Draws one form row and returns the y below it (captions included). */
export function formRow(pdf: Pdf, options: FormRowOptions): number {
  const { x, y, size } = options;
  const style: TextStyle = { size };
  let left = x;
  let bottom = y;
  if (options.label) {
    const labelWidth = options.labelWidth ?? textWidth(pdf, options.label, style) + 1;
    bottom = write(pdf, options.label, x, y, labelWidth, style);
    left = x + labelWidth + 3;
  }
  const markerWidth = options.marker ? textWidth(pdf, options.marker, style) + 4 : 0;
  const right = x + options.width - markerWidth;

  const prefixWidths = options.slots.map((slot) => (slot.prefix ? textWidth(pdf, slot.prefix, style) + 3 : 0));
  const fixed = options.slots.reduce((sum, slot, i) => sum + (slot.width ?? 0) + prefixWidths[i], 0);
  const flexible = options.slots.filter((slot) => slot.width === undefined).length;
  const gaps = SLOT_GAP * (options.slots.length - 1);
  const flexWidth = flexible ? (right - left - fixed - gaps) / flexible : 0;

  // Values first, so that all lines of the row sit at one height under the tallest value.
  const widths = options.slots.map((slot) => slot.width ?? flexWidth);
  let lineY = y + measure(pdf, ' ', 100, style);
  options.slots.forEach((slot, i) => {
    if (slot.value) lineY = Math.max(lineY, y + measure(pdf, slot.value, widths[i], { size, bold: slot.bold }));
  });
  let sx = left;
  options.slots.forEach((slot, i) => {
    if (slot.prefix) write(pdf, slot.prefix, sx, y, prefixWidths[i], style);
    sx += prefixWidths[i];
    if (slot.value) write(pdf, slot.value, sx, y, widths[i], { size, bold: slot.bold, align: slot.align ?? 'center' });
    hLine(pdf, sx, sx + widths[i], lineY + 0.5);
    if (slot.caption) {
      bottom = Math.max(bottom, write(pdf, slot.caption, sx, lineY + 1, widths[i], { size: CAPTION_SIZE, align: 'center' }));
    }
    sx += widths[i] + SLOT_GAP;
  });
  if (options.marker) write(pdf, options.marker, right, y, markerWidth, { size, align: 'right' });
  return Math.max(bottom, lineY + 2);
}

// ---------------------------------------------------------------------------------------------
// The parts shared by Счёт на оплату and Акт

/** "Поставщик:  ООО …, ИНН …" with the label in its own narrow column and the text in bold. */
export function labelledText(pdf: Pdf, label: string, text: string, y: number): number {
  const x = contentLeft(pdf);
  const labelWidth = 80;
  const labelBottom = write(pdf, label, x, y, labelWidth, { size: 9 });
  const textBottom = write(pdf, text, x + labelWidth, y, contentWidth(pdf) - labelWidth, { size: 9, bold: true });
  return Math.max(labelBottom, textBottom) + 6;
}

/** Lines, totals and «Всего наименований N, на сумму X руб.» with the amount in words. */
export function drawItemsWithTotals(
  pdf: Pdf,
  doc: PrintDocument,
  y: number,
  texts: { nameHeader: string; countPhrase: string },
): number {
  const x = contentLeft(pdf);
  const columns: Column<PrintLine>[] = [
    { header: '№', width: 20, align: 'center', value: (_line, i) => String(i + 1) },
    { header: texts.nameHeader, width: 0, value: (line) => line.name },
    { header: 'Кол-во', width: 40, align: 'right', value: (line) => formatQuantity(line.quantity) },
    { header: 'Ед.', width: 28, align: 'center', value: (line) => line.unit },
    { header: 'Цена без НДС', width: 56, align: 'right', value: (line) => formatMoney(line.priceKopecks) },
    { header: 'Сумма без НДС', width: 62, align: 'right', value: (line) => formatMoney(line.amountKopecks) },
    { header: 'Ставка НДС', width: 36, align: 'center', value: (line) => line.vatRateLabel },
    {
      header: 'Сумма НДС',
      width: 56,
      align: 'right',
      value: (line) => (line.vatRateLabel === 'без НДС' ? '-' : formatMoney(line.vatKopecks)),
    },
    { header: 'Сумма с НДС', width: 62, align: 'right', value: (line) => formatMoney(line.totalKopecks) },
  ];
  // The name column takes whatever the page width leaves.
  columns[1].width = contentWidth(pdf) - sumWidths(columns);

  const withoutVat = doc.lines.every((line) => line.vatRateLabel === 'без НДС');
  const total = (label: string, value: string): FooterCell[] => [
    { text: label, span: 8, align: 'right', bold: true, border: false },
    { text: value, span: 1, align: 'right', bold: true, border: false },
  ];
  y = drawTable(pdf, {
    x,
    y,
    columns,
    rows: doc.lines,
    size: 8,
    headerSize: 8,
    headerBold: true,
    footer: [
      total('Итого:', formatMoney(doc.totals.totalKopecks)),
      withoutVat ? total('Без налога (НДС)', '-') : total('В том числе НДС:', formatMoney(doc.totals.vatKopecks)),
      total('Всего к оплате:', formatMoney(doc.totals.totalKopecks)),
    ],
  });

  y = ensureSpace(pdf, y + 6, 40);
  const summary = `${texts.countPhrase} ${doc.lines.length}, на сумму ${formatMoney(doc.totals.totalKopecks)} руб.`;
  y = write(pdf, summary, x, y, contentWidth(pdf), { size: 9 });
  return write(pdf, amountInWords(doc.totals.totalKopecks), x, y, contentWidth(pdf), { size: 9, bold: true });
}
