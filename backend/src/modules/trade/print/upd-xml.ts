/**
 * УПД as the ФНС exchange file for ЭДО: the seller's title, format 5.03 (приказ ФНС ЕД-7-26/970@,
 * КНД 1115131, schema ON_NSCHFDOPPR_1_997_01_05_03_05.xsd). It takes the very data the PDF form
 * prints (`UpdDocument`), so the paper and the electronic document can never disagree.
 *
 * - Функция: СЧФДОП (счёт-фактура + передаточный документ) for status 1, ДОП for status 2.
 * - The file is windows-1251, as its header declares; a character windows-1251 has no byte for
 *   (₽, emoji…) is written as an XML character reference, so nothing is lost or turned into «?».
 * - Addresses are the free-form АдрИнф (КодСтр 643 + АдрТекст): the catalogs keep an address as one
 *   line of text, not as ФИАС/ГАР parts.
 * - ИдФайл, the file name without «.xml»: ON_NSCHFDOPPR_<ИдПол>_<ИдОтпр>_<ГГГГММДД>_<GUID>_0_0_0_0_0_00.
 *   The participant ids are given by the ЭДО operator; the caller passes them (see `UpdXmlOptions`).
 *
 * Data the format requires and the document lacks is reported all at once as `UpdXmlDataError`.
 */
import { kopecksToRubles } from '@workcloud/shared-core';
import { XMLBuilder } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import type { Kopecks, PrintParty, UpdDocument } from './types';

export interface UpdXmlOptions {
  /** ИдОтпр and ИдПол: the ЭДО participant ids of the seller (sender) and the buyer (recipient). */
  senderId: string;
  recipientId: string;
  /** When the file is made: ДатаИнфПр / ВремИнфПр (Moscow time) and the date in ИдФайл. */
  now: Date;
  /** The GUID of ИдФайл. */
  guid: string;
  /** ВерсПрог, up to 40 characters. */
  program: string;
}

export interface UpdXmlFile {
  /** ИдФайл: also the file name without the extension. */
  fileId: string;
  /** The XML bytes in windows-1251. */
  content: Buffer;
}

/** One thing to fill in before the file can be made: where (a catalog field or a line) and what. */
export interface UpdXmlIssue {
  field: string;
  message: string;
}

export class UpdXmlDataError extends Error {
  constructor(readonly issues: UpdXmlIssue[]) {
    super(issues.map((i) => i.message).join(' '));
  }
}

const FUNCTION = { 1: 'СЧФДОП', 2: 'ДОП' } as const;
const TRANSFER_DOCUMENT = 'Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)';
/** НаимДокОпр: the name of the primary document, required for СЧФДОП and ДОП. */
const DOCUMENT_NAME = {
  1: `Счет-фактура и ${TRANSFER_DOCUMENT.charAt(0).toLowerCase()}${TRANSFER_DOCUMENT.slice(1)}`,
  2: TRANSFER_DOCUMENT,
} as const;
const RUSSIA = { code: '643', name: 'РОССИЯ' };

/** Kopecks as the format's decimal with two places: 123456 → '1234.56'. */
export function xmlMoney(kopecks: Kopecks): string {
  return kopecksToRubles(kopecks);
}

/** 'YYYY-MM-DD' → 'ДД.ММ.ГГГГ'. */
function xmlDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`expected YYYY-MM-DD, got '${iso}'`);
  return `${m[3]}.${m[2]}.${m[1]}`;
}

/** Date and time parts in Moscow, where the format's ДатаИнфПр/ВремИнфПр are read. */
export function moscow(now: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { ymd: `${parts.year}${parts.month}${parts.day}`, date: `${parts.day}.${parts.month}.${parts.year}`, time: `${parts.hour}.${parts.minute}.${parts.second}` };
}

/** Attribute text: one line, trimmed, cut to the format's length. */
function text(value: string | undefined, max: number): string | undefined {
  const t = (value ?? '').replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, max) : undefined;
}

/** «Иванов Иван Иванович», «Иванов И. И.» or «Иванов И.И.» → Фамилия, Имя, Отчество. */
export function splitFullName(name: string | undefined): { Фамилия: string; Имя: string; Отчество?: string } | null {
  const words = (name ?? '').replace(/\./g, '. ').split(/\s+/).filter(Boolean);
  if (words.length < 2) return null;
  const [last, first, ...rest] = words;
  return { Фамилия: last.slice(0, 60), Имя: first.slice(0, 60), ...(rest.length ? { Отчество: rest.join(' ').slice(0, 60) } : {}) };
}

/** An entrepreneur's name without «ИП» / «Индивидуальный предприниматель». */
const entrepreneurName = (name: string) => name.replace(/^\s*(ИП|Индивидуальный предприниматель)\s+/i, '');

type Node = Record<string, unknown>;
const attrs = (o: Record<string, string | undefined>): Node => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [`@${k}`, v]));

interface Who {
  /** «продавца», «покупателя»… */
  of: string;
  /** Where to fix it: «карточке организации», «карточке контрагента». */
  card: string;
  /** The catalog field an issue points at: `organization`, `counterparty`… */
  field: string;
  /** The address field: its key and its title in the card. */
  addressKey: string;
  addressField: string;
}

const SELLER: Who = { of: 'продавца', card: 'карточке организации', field: 'organization', addressKey: 'address', addressField: 'Адрес' };
const BUYER: Who = { of: 'покупателя', card: 'карточке контрагента', field: 'counterparty', addressKey: 'legal_address', addressField: 'Юридический адрес' };

/**
 * ИдСв and Адрес of a party (УчастникТип): a company (ИНН of 10 digits) as СвЮЛУч, an entrepreneur
 * (12 digits) as СвИП with the name split into ФИО. `who` names the party in messages.
 */
function participant(p: PrintParty, who: Who, addressRequired: boolean, issues: UpdXmlIssue[]): Node {
  const inn = (p.inn ?? '').trim();
  let id: Node = {};
  if (/^\d{10}$/.test(inn)) {
    id = { СвЮЛУч: attrs({ НаимОрг: text(p.name, 1000), ИННЮЛ: inn, КПП: p.kpp?.trim() || undefined }) };
  } else if (/^\d{12}$/.test(inn)) {
    const fio = splitFullName(entrepreneurName(p.name));
    if (!fio) issues.push({ field: `${who.field}.name`, message: `ИНН ${who.of} «${p.name}» — индивидуального предпринимателя: в наименовании в ${who.card} нужны фамилия и имя (например, «ИП Иванов Иван Иванович»).` });
    id = { СвИП: { ...attrs({ ИННФЛ: inn }), ФИО: attrs(fio ?? { Фамилия: '-', Имя: '-' }) } };
  } else {
    issues.push({ field: `${who.field}.inn`, message: `У ${who.of} «${p.name}» не указан ИНН — заполните поле «ИНН» в ${who.card}.` });
  }
  const address = text(p.address, 1000);
  if (!address && addressRequired)
    issues.push({ field: `${who.field}.${who.addressKey}`, message: `У ${who.of} «${p.name}» не указан адрес — заполните поле «${who.addressField}» в ${who.card}.` });
  return { ИдСв: id, ...(address ? { Адрес: { АдрИнф: attrs({ КодСтр: RUSSIA.code, НаимСтран: RUSSIA.name, АдрТекст: address }) } } : {}) };
}

/**
 * Подписант: the organization's head, else its chief accountant (the names the PDF prints), with
 * СпосПодтПолном = 1 — authority as in the qualified electronic signature itself.
 */
function signer(doc: UpdDocument, issues: UpdXmlIssue[]): Node {
  const s = doc.sellerSigners ?? {};
  const [name, position] = s.head ? [s.head, s.headPosition || 'Руководитель'] : s.accountant ? [s.accountant, 'Главный бухгалтер'] : [undefined, undefined];
  const fio = splitFullName(name);
  if (!fio)
    issues.push({
      field: 'organization.head',
      message: name
        ? `Подписант УПД «${name}»: укажите в карточке организации «${doc.seller.name}» фамилию и имя полностью (например, «Иванов Иван Иванович»).`
        : `В карточке организации «${doc.seller.name}» не указан руководитель — заполните поле «Руководитель» (или «Главный бухгалтер»): он подписывает УПД.`,
    });
  return { ...attrs({ Должн: text(position, 255), СпосПодтПолном: '1' }), ФИО: attrs(fio ?? { Фамилия: '-', Имя: '-' }) };
}

/** Characters windows-1251 can encode; others are written as character references. */
const CP1251 = new Set(iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'win1251'));

export function toWindows1251(xml: string): Buffer {
  let out = '';
  for (const ch of xml) {
    const code = ch.codePointAt(0)!;
    if (CP1251.has(ch) && ch !== '\uFFFD') out += ch;
    // XML 1.0 has no control characters but tab and line ends, not even as references.
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else out += `&#x${code.toString(16).toUpperCase()};`;
  }
  return iconv.encode(out, 'win1251');
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });

/** Builds the seller's title of the УПД; throws `UpdXmlDataError` listing what to fill in. */
export function buildUpdXml(doc: UpdDocument, options: UpdXmlOptions): UpdXmlFile {
  const issues: UpdXmlIssue[] = [];
  const withInvoice = doc.status === 1;
  const at = moscow(options.now);
  const fileId = `ON_NSCHFDOPPR_${options.recipientId}_${options.senderId}_${at.ymd}_${options.guid}_0_0_0_0_0_00`;

  // The format's Адрес of the seller, buyer and consignee is required in a счёт-фактура (СЧФДОП).
  const seller = participant(doc.seller, SELLER, withInvoice, issues);
  const buyer = participant(doc.buyer, BUYER, withInvoice, issues);
  const shipper = doc.shipper ? participant(doc.shipper, { ...SELLER, of: 'грузоотправителя', field: 'shipper' }, withInvoice, issues) : undefined;
  const consignee = doc.consignee ? participant(doc.consignee, { ...BUYER, of: 'грузополучателя', field: 'consignee' }, withInvoice, issues) : buyer;

  const noVat = (label: string) => label === 'без НДС';
  const lines = doc.lines.map((l, i) => {
    if (!withInvoice && !noVat(l.vatRateLabel))
      issues.push({ field: `goods.${i}.vat_rate`, message: `Строка ${i + 1} «${l.name}»: организация «${doc.seller.name}» на УСН без НДС, а в строке ставка ${l.vatRateLabel} — укажите «Без НДС».` });
    if (!/^\d{3,4}$/.test(l.unitCode ?? ''))
      issues.push({ field: `goods.${i}.product`, message: `Строка ${i + 1} «${l.name}»: код единицы измерения по ОКЕИ «${l.unitCode ?? ''}» — 3 или 4 цифры; исправьте поле «Код единицы по ОКЕИ» в карточке номенклатуры.` });
    return {
      ...attrs({
        НомСтр: String(i + 1),
        НаимТов: text(l.name, 1000),
        ОКЕИ_Тов: l.unitCode,
        НаимЕдИзм: text(l.unit, 255),
        КолТов: l.quantity,
        ЦенаТов: xmlMoney(l.priceKopecks),
        СтТовБезНДС: xmlMoney(l.amountKopecks),
        НалСт: l.vatRateLabel,
        СтТовУчНал: xmlMoney(l.totalKopecks),
      }),
      ...(l.countryCode || l.customsDeclaration ? { СвДТ: attrs({ КодПроисх: l.countryCode, НомерДТ: text(l.customsDeclaration, 29) }) } : {}),
      ...(l.code || l.kind ? { ДопСведТов: attrs({ ПрТовРаб: l.kind === 'service' ? '3' : l.kind === 'goods' ? '1' : undefined, КодТов: text(l.code, 255) }) } : {}),
      Акциз: { БезАкциз: 'без акциза' },
      СумНал: noVat(l.vatRateLabel) ? { БезНДС: 'без НДС' } : { СумНал: xmlMoney(l.vatKopecks) },
    };
  });
  if (!doc.lines.length) issues.push({ field: 'goods', message: 'В документе нет строк товаров и услуг.' });

  const kinds = new Set(doc.lines.map((l) => l.kind));
  const operation = kinds.has('service') ? (kinds.has('goods') ? 'Товары переданы, услуги оказаны' : 'Услуги оказаны') : 'Товары переданы';
  const basis = doc.basisDocument;
  if (basis && !basis.date)
    issues.push({ field: 'contract.contract_date', message: `У договора «${basis.number}» не указана дата — заполните поле «Дата договора» в карточке договора: она нужна в основании передачи.` });
  const hasGoods = doc.lines.some((l) => l.kind !== 'service');
  const signerNode = signer(doc, issues);
  if (issues.length) throw new UpdXmlDataError(issues);

  const allWithoutVat = doc.lines.every((l) => noVat(l.vatRateLabel));
  const tree = {
    '?xml': attrs({ version: '1.0', encoding: 'windows-1251' }),
    Файл: {
      ...attrs({ ИдФайл: fileId, ВерсФорм: '5.03', ВерсПрог: text(options.program, 40) }),
      Документ: {
        ...attrs({
          КНД: '1115131',
          Функция: FUNCTION[doc.status],
          ПоФактХЖ: TRANSFER_DOCUMENT,
          НаимДокОпр: DOCUMENT_NAME[doc.status],
          ДатаИнфПр: at.date,
          ВремИнфПр: at.time,
          НаимЭконСубСост: text(`${doc.seller.name}, ИНН ${doc.seller.inn}${doc.seller.kpp ? `/КПП ${doc.seller.kpp}` : ''}`, 1000),
        }),
        СвСчФакт: {
          ...attrs({ НомерДок: text(doc.number, 1000), ДатаДок: xmlDate(doc.date) }),
          СвПрод: seller,
          // Lines (3) and (4) are for goods: they leave from the seller itself («он же») for the buyer.
          ...(hasGoods
            ? {
                ГрузОт: shipper ? { ГрузОтпр: shipper } : { ОнЖе: 'он же' },
                ГрузПолуч: consignee,
              }
            : {}),
          ...(doc.paymentDocument ? { СвПРД: attrs({ НомерПРД: text(doc.paymentDocument.number, 30), ДатаПРД: xmlDate(doc.paymentDocument.date) }) } : {}),
          // Line (5а): this very document, rows 1…N.
          ДокПодтвОтгрНом: attrs({ РеквНаимДок: 'Универсальный передаточный документ', РеквНомерДок: text(doc.number, 255), РеквДатаДок: xmlDate(doc.date), РеквДопСведДок: `№ п/п 1-${doc.lines.length}` }),
          СвПокуп: buyer,
          ДенИзм: attrs({ КодОКВ: '643', НаимОКВ: 'Российский рубль' }),
          ...(doc.governmentContractId ? { ДопСвФХЖ1: attrs({ ИдГосКон: doc.governmentContractId }) } : {}),
        },
        ТаблСчФакт: {
          СведТов: lines,
          ВсегоОпл: {
            ...attrs({ СтТовБезНДСВсего: xmlMoney(doc.totals.amountKopecks), СтТовУчНалВсего: xmlMoney(doc.totals.totalKopecks) }),
            СумНалВсего: allWithoutVat ? { БезНДС: 'без НДС' } : { СумНал: xmlMoney(doc.totals.vatKopecks) },
          },
        },
        СвПродПер: {
          СвПер: {
            ...attrs({ СодОпер: operation, ДатаПер: xmlDate(doc.date) }),
            ...(basis
              ? { ОснПер: attrs({ РеквНаимДок: text(basis.name, 255), РеквНомерДок: text(basis.number, 255), РеквДатаДок: xmlDate(basis.date!) }) }
              : { БезДокОснПер: '1' }),
            ...(doc.transportInfo ? { Тран: attrs({ СвТран: text(doc.transportInfo, 1000) }) } : {}),
          },
        },
        Подписант: signerNode,
      },
    },
  };
  return { fileId, content: toWindows1251(builder.build(tree)) };
}
