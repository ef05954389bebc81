/**
 * Any declared report as a PDF: its title, parameters, the table with a repeated header on every page and
 * the «Итого» row — landscape A4 in DejaVu Sans Condensed (Cyrillic embedded), money in rubles as the
 * screen shows it. What the screen and Excel give, for printing and sending (ОСВ, ф. 1, ф. 2…).
 */
import path from 'node:path';
import { formatQuantity, formatRubles } from '@workcloud/shared-core';
import PDFDocument from 'pdfkit';
import { ruDate } from './dates';
import type { ReportDeclaration } from './declarations';

type Pdf = PDFKit.PDFDocument;
interface ReportData {
  params: Record<string, unknown>;
  items: Record<string, unknown>[];
  totals: Record<string, string | number>;
}

const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
// Selected by file path (not registerFont aliases): pdfkit caches a font by the key it is selected with.
const REGULAR = path.join(FONT_DIR, 'DejaVuSansCondensed.ttf');
const BOLD = path.join(FONT_DIR, 'DejaVuSansCondensed-Bold.ttf');
const SIZE = 7;
const PAD = 2;
const NUMERIC = new Set(['money', 'decimal', 'integer']);

/** A cell as a person reads it: rubles with kopecks, Russian dates and numbers. */
function cellText(type: string | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (type === 'money') return formatRubles(Number(v), { currency: false, minus: '-' });
  if (type === 'decimal' || type === 'integer') return formatQuantity(String(v), '-');
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}/.test(String(v))) return ruDate(String(v).slice(0, 10));
  if (type === 'boolean') return v ? 'Да' : 'Нет';
  return String(v);
}

/** The parameters line: «Начало периода: 01.03.2026; Конец периода: 31.03.2026; …» (references left out: they are ids). */
function paramsLine(decl: ReportDeclaration, params: Record<string, unknown>): string {
  return Object.entries(decl.params)
    .filter(([name, f]) => params[name] !== undefined && params[name] !== null && params[name] !== '' && f.type !== 'ref')
    .map(([name, f]) => `${f.title}: ${f.type === 'enum' ? ((f as { values?: Record<string, string> }).values?.[String(params[name])] ?? params[name]) : cellText(f.type, params[name])}`)
    .join('; ');
}

/** Column widths: text columns twice as wide as numbers, all filling the page. */
function widths(decl: ReportDeclaration, total: number): number[] {
  const weights = decl.columns.map((c) => (NUMERIC.has(c.type ?? '') || c.type === 'date' || c.type === 'boolean' ? 1 : 2));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w / sum) * total);
}

/** How tall a row of these cells is, wrapped to the column widths. */
function heightOf(pdf: Pdf, cells: string[], ws: number[], bold: boolean): number {
  pdf.font(bold ? BOLD : REGULAR).fontSize(SIZE);
  return Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: ws[i] - 2 * PAD }))) + 2 * PAD;
}

function row(pdf: Pdf, y: number, cells: string[], ws: number[], aligns: ('left' | 'right')[], bold: boolean): number {
  const height = heightOf(pdf, cells, ws, bold);
  let x = pdf.page.margins.left;
  cells.forEach((c, i) => {
    pdf.rect(x, y, ws[i], height).stroke();
    pdf.text(c, x + PAD, y + PAD, { width: ws[i] - 2 * PAD, align: aligns[i] });
    x += ws[i];
  });
  return y + height;
}

/** The report's PDF in memory (reports are read on screen first; a few hundred rows at most). */
export function reportPdf(decl: ReportDeclaration, data: ReportData): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 28, font: REGULAR, info: { Title: decl.title, Producer: 'WorkCloud' } });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.lineWidth(0.5);
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;
  pdf.font(BOLD).fontSize(12).text(decl.title, left, pdf.page.margins.top, { width });
  const line = paramsLine(decl, data.params);
  if (line) pdf.font(REGULAR).fontSize(8).text(line, { width });
  let y = pdf.y + 6;
  const ws = widths(decl, width);
  const aligns = decl.columns.map((c) => (NUMERIC.has(c.type ?? '') ? 'right' : 'left') as 'left' | 'right');
  const header = decl.columns.map((c) => c.title);
  const draw = (cells: string[], bold: boolean) => {
    if (y + heightOf(pdf, cells, ws, bold) > bottom()) {
      pdf.addPage();
      pdf.lineWidth(0.5);
      y = row(pdf, pdf.page.margins.top, header, ws, aligns, true);
    }
    y = row(pdf, y, cells, ws, aligns, bold);
  };
  y = row(pdf, y, header, ws, aligns, true);
  for (const item of data.items) draw(decl.columns.map((c) => cellText(c.type, item[c.field])), false);
  if (Object.keys(data.totals).length) draw(decl.columns.map((c, i) => (i === 0 ? 'Итого' : c.field in data.totals ? cellText(c.type, data.totals[c.field]) : '')), true);
  if (!data.items.length) pdf.font(REGULAR).fontSize(8).text('Нет данных за период.', left, y + 6, { width });
  pdf.end();
  return done;
}
