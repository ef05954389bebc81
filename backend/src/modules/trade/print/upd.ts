/**
 * УПД, универсальный передаточный документ, in the paper form recommended by the ФНС
 * (letter ММВ-20-3/96@ of 21.10.2013): the счёт-фактура of Government decree № 1137 with
 * a status box on the left and the transfer (передаточный) part with signatures [8]–[19] below.
 * A4 landscape. Numbers in brackets are the official line and column numbers of the form.
 *
 * The traceability columns 12, 12а and 13 of the счёт-фактура are left out: they only apply to
 * goods under прослеживаемость, which WorkCloud does not handle yet.
 */
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
  hLine,
  innKpp,
  vLine,
  write,
  type Column,
  type Pdf,
  type Slot,
} from './layout';
import type { PrintLine, PrintSigners, UpdDocument } from './types';

const SIZE = 7;
/** Width of the left column holding the status box. */
const STATUS_COLUMN = 118;
const NONE = '--';

/** Left column: document name, the status digit in a box and what the digits mean. */
function drawStatusBox(pdf: Pdf, status: UpdDocument['status'], x: number, y: number): void {
  const name = 'Универсальный передаточный документ';
  let by = write(pdf, name, x + 3, y + 3, STATUS_COLUMN - 6, { size: 9, bold: true }) + 6;
  write(pdf, 'Статус:', x + 3, by + 3, 40, { size: 8 });
  const digit = { size: 10, bold: true, align: 'center', valign: 'middle' } as const;
  cell(pdf, String(status), { x: x + 42, y: by, width: 18, height: 16 }, digit);
  by += 24;
  const legend = '1 – счет-фактура и передаточный документ (акт)\n2 – передаточный документ (акт)';
  write(pdf, legend, x + 3, by, STATUS_COLUMN - 6, { size: 6 });
}

/** Lines (1)–(8): invoice number and date, seller, shipper, consignee, buyer, currency. */
function drawHeader(pdf: Pdf, doc: UpdDocument, x: number, y: number, width: number): number {
  const decree = 'Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. № 1137';
  write(pdf, decree, x + width - 200, y, 200, { size: 5.5, align: 'right' });

  y = formRow(pdf, {
    x,
    y,
    width: 420,
    label: 'Счет-фактура №',
    size: 10,
    marker: '(1)',
    slots: [
      { value: doc.number, bold: true, width: 130 },
      { prefix: 'от', value: formatDate(doc.date), bold: true },
    ],
  });
  y = formRow(pdf, {
    x,
    y: y + 2,
    width: 420,
    label: 'Исправление №',
    size: 10,
    marker: '(1а)',
    slots: [{ value: NONE, width: 130 }, { prefix: 'от', value: NONE }],
  });

  const { seller, buyer } = doc;
  const consignee = doc.consignee ?? buyer;
  const payment = doc.paymentDocument;
  const lines: [label: string, value: string, marker: string][] = [
    ['Продавец:', seller.name, '(2)'],
    ['Адрес:', seller.address, '(2а)'],
    ['ИНН/КПП продавца:', innKpp(seller), '(2б)'],
    ['Грузоотправитель и его адрес:', doc.shipper ? `${doc.shipper.name}, ${doc.shipper.address}` : 'он же', '(3)'],
    ['Грузополучатель и его адрес:', `${consignee.name}, ${consignee.address}`, '(4)'],
    [
      'К платежно-расчетному документу',
      payment ? `№ ${payment.number} от ${formatDate(payment.date)}` : `№ ${NONE} от ${NONE}`,
      '(5)',
    ],
    ['Документ об отгрузке', `№ п/п 1–${doc.lines.length} № ${doc.number} от ${formatDate(doc.date)}`, '(5а)'],
    ['Покупатель:', buyer.name, '(6)'],
    ['Адрес:', buyer.address, '(6а)'],
    ['ИНН/КПП покупателя:', innKpp(buyer), '(6б)'],
    ['Валюта: наименование, код', 'Российский рубль, 643', '(7)'],
    [
      'Идентификатор государственного контракта, договора (соглашения) (при наличии):',
      doc.governmentContractId ?? '',
      '(8)',
    ],
  ];
  y += 3;
  for (const [label, value, marker] of lines) {
    y = formRow(pdf, { x, y, width, label, marker, size: SIZE, slots: [{ value, align: 'left' }] }) + 1.5;
  }
  return y;
}

/** Columns А–11 of the table; widths add up to the landscape page, the name takes the rest. */
function tableColumns(pageWidth: number): Column<PrintLine>[] {
  const dash = (value: string | undefined) => value || '-';
  const columns: Column<PrintLine>[] = [
    { number: 'А', header: 'Код товара/ работ, услуг', width: 40, value: (line) => dash(line.code) },
    { number: '1', header: '№ п/п', width: 20, align: 'center', value: (_line, i) => String(i + 1) },
    {
      number: '1а',
      header: 'Наименование товара (описание выполненных работ, оказанных услуг), имущественного права',
      width: 0,
      value: (line) => line.name,
    },
    { number: '1б', header: 'Код вида товара', width: 28, align: 'center', value: () => '-' },
    { number: '2', group: 'Единица измерения', header: 'код', width: 24, align: 'center', value: (line) => line.unitCode },
    {
      number: '2а',
      group: 'Единица измерения',
      header: 'условное обозначение (национальное)',
      width: 46,
      align: 'center',
      value: (line) => line.unit,
    },
    { number: '3', header: 'Количество (объем)', width: 40, align: 'right', value: (line) => formatQuantity(line.quantity) },
    {
      number: '4',
      header: 'Цена (тариф) за единицу измерения',
      width: 50,
      align: 'right',
      value: (line) => formatMoney(line.priceKopecks),
    },
    {
      number: '5',
      header: 'Стоимость товаров (работ, услуг), имущественных прав без налога — всего',
      width: 56,
      align: 'right',
      value: (line) => formatMoney(line.amountKopecks),
    },
    { number: '6', header: 'В том числе сумма акциза', width: 38, align: 'center', value: () => 'без акциза' },
    { number: '7', header: 'Налоговая ставка', width: 32, align: 'center', value: (line) => line.vatRateLabel },
    {
      number: '8',
      header: 'Сумма налога, предъявляемая покупателю',
      width: 50,
      align: 'right',
      value: (line) => (line.vatRateLabel === 'без НДС' ? 'без НДС' : formatMoney(line.vatKopecks)),
    },
    {
      number: '9',
      header: 'Стоимость товаров (работ, услуг), имущественных прав с налогом — всего',
      width: 56,
      align: 'right',
      value: (line) => formatMoney(line.totalKopecks),
    },
    {
      number: '10',
      group: 'Страна происхождения товара',
      header: 'цифровой код',
      width: 32,
      align: 'center',
      value: (line) => dash(line.countryCode),
    },
    {
      number: '10а',
      group: 'Страна происхождения товара',
      header: 'краткое наименование',
      width: 42,
      align: 'center',
      value: (line) => dash(line.countryName),
    },
    {
      number: '11',
      header:
        'Регистрационный номер декларации на товары или регистрационный номер партии товара, подлежащего прослеживаемости',
      width: 100,
      align: 'center',
      value: (line) => dash(line.customsDeclaration),
    },
  ];
  columns[2].width = pageWidth - columns.reduce((sum, column) => sum + column.width, 0);
  return columns;
}

const signatureSlots = (name?: string): Slot[] => [
  { width: 60, caption: '(подпись)' },
  { value: name, caption: '(ф.и.о.)' },
];

/** Signatures under the table: head and chief accountant, or an entrepreneur (no КПП). */
function drawSignatures(pdf: Pdf, doc: UpdDocument, x: number, y: number, width: number): number {
  const top = y;
  const signers = doc.sellerSigners ?? {};
  // An entrepreneur (no КПП) signs in the ИП row; a company's head and accountant in the first one.
  const isEntrepreneur = !doc.seller.kpp;
  const left = x + STATUS_COLUMN + 6;
  const half = (width - STATUS_COLUMN - 6 - 20) / 2;
  const right = left + half + 20;
  const row = (rowX: number, rowY: number, label: string, name?: string) =>
    formRow(pdf, { x: rowX, y: rowY, width: half, label, labelWidth: 115, size: SIZE, slots: signatureSlots(name) });

  y += 2;
  const head = 'Руководитель организации или иное уполномоченное лицо';
  const accountant = 'Главный бухгалтер или иное уполномоченное лицо';
  y = Math.max(
    row(left, y, head, isEntrepreneur ? undefined : signers.head),
    row(right, y, accountant, isEntrepreneur ? undefined : signers.accountant),
  );
  y += 4;
  const entrepreneur = 'Индивидуальный предприниматель или иное уполномоченное лицо';
  const certificate = '(реквизиты свидетельства о государственной регистрации индивидуального предпринимателя)';
  y = Math.max(
    row(left, y, entrepreneur, isEntrepreneur ? signers.head : undefined),
    formRow(pdf, { x: right, y, width: half, size: SIZE, slots: [{ caption: certificate }] }),
  );
  vLine(pdf, x + STATUS_COLUMN, top, y + 2);
  return y + 2;
}

/** One side of the transfer part: [10]–[14] for the seller, [15]–[19] for the buyer. */
function drawTransferSide(
  pdf: Pdf,
  side: { given: string; dateLabel: string; date: string; otherLabel: string; otherCaption: string; name: string },
  signers: PrintSigners | undefined,
  markers: string[],
  x: number,
  y: number,
  width: number,
): number {
  const people: Slot[] = [
    { value: signers?.headPosition, caption: '(должность)' },
    { width: 60, caption: '(подпись)' },
    { value: signers?.head, caption: '(ф.и.о.)' },
  ];
  const line = (rowY: number, slots: Slot[], marker: string, label?: string) =>
    formRow(pdf, { x, y: rowY, width, label, size: SIZE, marker, slots });
  const caption = (text: string, rowY: number) => write(pdf, text, x, rowY, width, { size: SIZE });

  y = line(caption(side.given, y), people, markers[0]) + 3;
  y = line(y, [{ value: side.date, width: 90 }], markers[1], side.dateLabel) + 3;
  y = line(caption(side.otherLabel, y), [{ caption: side.otherCaption }], markers[2]) + 3;
  y = line(caption('Ответственный за правильность оформления факта хозяйственной жизни', y), people, markers[3]) + 3;
  const composer = 'Наименование экономического субъекта – составителя документа (в т.ч. комиссионера / агента)';
  const composerCaption = '(может не заполняться при проставлении печати в М.П., может быть указан ИНН / КПП)';
  y = line(caption(composer, y), [{ value: side.name, caption: composerCaption }], markers[4]) + 3;
  return write(pdf, 'М.П.', x, y, width, { size: SIZE });
}

/**
 * `appendix` draws what follows the form on its last page from `y` (ЭДО's electronic-signature stamps), before the
 * sheet count is written.
 */
export function renderUpd(doc: UpdDocument, appendix?: (pdf: Pdf, y: number) => void): Promise<Buffer> {
  const title = `УПД (счет-фактура) № ${doc.number} от ${formatDate(doc.date)}`;
  const pdf = createPdf({ layout: 'landscape', margin: 20, title });
  const x = contentLeft(pdf);
  const width = contentWidth(pdf);
  const top = pdf.page.margins.top;

  const headerX = x + STATUS_COLUMN + 6;
  let y = drawHeader(pdf, doc, headerX, top, width - STATUS_COLUMN - 6);
  drawStatusBox(pdf, doc.status, x, top);
  vLine(pdf, x + STATUS_COLUMN, top, y);

  const columns = tableColumns(width);
  y = drawTable(pdf, {
    x,
    y: y + 3,
    columns,
    rows: doc.lines,
    size: SIZE,
    headerSize: 5.5,
    footer: [
      [
        { text: 'Всего к оплате (9)', span: 8, bold: true },
        { text: formatMoney(doc.totals.amountKopecks), span: 1, align: 'right', bold: true },
        { text: 'Х', span: 2, align: 'center' },
        { text: formatMoney(doc.totals.vatKopecks), span: 1, align: 'right', bold: true },
        { text: formatMoney(doc.totals.totalKopecks), span: 1, align: 'right', bold: true },
        { text: '', span: 3, border: false },
      ],
    ],
  });

  y = ensureSpace(pdf, y + 4, 50);
  // «Документ составлен на N листах» goes left of the signatures, but N is known only at the end.
  const sheetsNote = { page: pdf.bufferedPageRange().count - 1, y };
  y = drawSignatures(pdf, doc, x, y, width);

  y = ensureSpace(pdf, y + 2, 170);
  hLine(pdf, x, x + width, y, 1.5);
  y += 4;
  y = formRow(pdf, {
    x,
    y,
    width,
    size: SIZE,
    label: 'Основание передачи (сдачи) / получения (приемки)',
    marker: '[8]',
    slots: [{ value: doc.basis, caption: '(договор; доверенность и др.)' }],
  });
  y = formRow(pdf, {
    x,
    y: y + 2,
    width,
    size: SIZE,
    label: 'Данные о транспортировке и грузе',
    marker: '[9]',
    slots: [
      {
        value: doc.transportInfo,
        caption:
          '(транспортная накладная, поручение экспедитору, экспедиторская / складская расписка и др. / масса нетто/ брутто ' +
          'груза, если не приведены ссылки на транспортные документы, содержащие эти сведения)',
      },
    ],
  });

  const half = (width - 20) / 2;
  const sidesTop = y + 4;
  const sellerBottom = drawTransferSide(
    pdf,
    {
      given: 'Товар (груз) передал / услуги, результаты работ, права сдал',
      dateLabel: 'Дата отгрузки, передачи (сдачи)',
      date: formatDate(doc.date),
      otherLabel: 'Иные сведения об отгрузке, передаче',
      otherCaption: '(ссылки на неотъемлемые приложения, сопутствующие документы, иные документы и т.п.)',
      name: `${doc.seller.name}, ИНН/КПП ${innKpp(doc.seller)}`,
    },
    doc.sellerSigners,
    ['[10]', '[11]', '[12]', '[13]', '[14]'],
    x,
    sidesTop,
    half,
  );
  const buyerBottom = drawTransferSide(
    pdf,
    {
      given: 'Товар (груз) получил / услуги, результаты работ, права принял',
      dateLabel: 'Дата получения (приемки)',
      date: '',
      otherLabel: 'Иные сведения о получении, приемке',
      otherCaption:
        '(информация о наличии/отсутствии претензии; ссылки на неотъемлемые приложения, и другие документы и т.п.)',
      name: `${doc.buyer.name}, ИНН/КПП ${innKpp(doc.buyer)}`,
    },
    doc.buyerSigners,
    ['[15]', '[16]', '[17]', '[18]', '[19]'],
    x + half + 20,
    sidesTop,
    half,
  );
  vLine(pdf, x + half + 10, sidesTop, Math.max(sellerBottom, buyerBottom));
  appendix?.(pdf, Math.max(sellerBottom, buyerBottom) + 10);

  const pages = pdf.bufferedPageRange().count;
  const sheets = pages % 10 === 1 && pages % 100 !== 11 ? 'листе' : 'листах';
  pdf.switchToPage(sheetsNote.page);
  write(pdf, `Документ составлен на ${pages} ${sheets}`, x + 3, sheetsNote.y + 2, STATUS_COLUMN - 6, { size: SIZE });
  return finishPdf(pdf);
}
