import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import type { EdoParty } from './xml';

/** A line of the seller's УПД as the buyer needs it to make its Поступление. */
export interface IncomingLine {
  no: number;
  name: string;
  /** КодТов: the seller's article (or barcode). */
  code: string | null;
  unitCode: string | null;
  quantity: string;
  /** СтТовУчНал, kopecks. */
  totalKopecks: number;
  /** НалСт: '22%', '10%', 'без НДС'… */
  vatRate: string;
  /** What the printable view shows: the unit's name, price, amount without VAT and the VAT, kopecks. */
  unit: string | null;
  priceKopecks: number;
  amountKopecks: number;
  vatKopecks: number;
}

export interface IncomingUpd {
  fileId: string;
  madeAt: Date;
  function: 'СЧФДОП' | 'ДОП';
  documentName: string;
  number: string;
  /** YYYY-MM-DD */
  date: string;
  seller: EdoParty & { address?: string };
  buyer: EdoParty;
  lines: IncomingLine[];
  /** ВсегоОпл, kopecks. */
  totals: { amountKopecks: number; vatKopecks: number; totalKopecks: number };
  /** ОснПер: the contract or order the goods are handed over on. */
  basis: string | null;
  /** Подписант: the seller's signer (ФИО, position). */
  signer: { name: string; position: string | null } | null;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, isArray: (n) => n === 'СведТов' });
const iso = (ru: string) => ru.split('.').reverse().join('-');
// Amounts in the file have at most two decimals: read as a decimal string, never through a float.
const kopecks = (s: string | undefined) => {
  if (s === undefined || s === null || s === '') return 0;
  const [whole, frac = ''] = String(s).split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number((frac + '00').slice(0, 2)));
};
const fio = (f: any) => [f?.Фамилия, f?.Имя, f?.Отчество].filter(Boolean).join(' ');

function partyOf(node: any): EdoParty & { address?: string } {
  const ul = node?.ИдСв?.СвЮЛУч;
  const ip = node?.ИдСв?.СвИП;
  const address = node?.Адрес?.АдрИнф?.АдрТекст;
  if (ul) return { name: ul.НаимОрг, inn: ul.ИННЮЛ, kpp: ul.КПП ?? null, address };
  if (ip) return { name: `ИП ${[ip.ФИО?.Фамилия, ip.ФИО?.Имя, ip.ФИО?.Отчество].filter(Boolean).join(' ')}`, inn: ip.ИННФЛ, kpp: null, address };
  return { name: '', inn: '', kpp: null, address };
}

/** Reads the seller's title (ON_NSCHFDOPPR 5.03, windows-1251) that WorkCloud stored and checked when it was sent. */
export function parseSellerTitle(bytes: Buffer): IncomingUpd {
  const file = parser.parse(iconv.decode(bytes, 'win1251')).Файл;
  const doc = file.Документ;
  const inv = doc.СвСчФакт;
  const [d, m, y] = String(doc.ДатаИнфПр).split('.');
  const [hh, mm, ss] = String(doc.ВремИнфПр).split('.');
  return {
    fileId: file.ИдФайл,
    // ДатаИнфПр / ВремИнфПр are Moscow time (UTC+3).
    madeAt: new Date(`${y}-${m}-${d}T${hh}:${mm}:${ss}+03:00`),
    function: doc.Функция,
    documentName: doc.НаимДокОпр,
    number: inv.НомерДок,
    date: iso(inv.ДатаДок),
    seller: partyOf(inv.СвПрод),
    buyer: partyOf(inv.СвПокуп),
    lines: (doc.ТаблСчФакт?.СведТов ?? []).map((l: any) => ({
      no: Number(l.НомСтр),
      name: l.НаимТов,
      code: l.ДопСведТов?.КодТов ?? null,
      unitCode: l.ОКЕИ_Тов ?? null,
      quantity: l.КолТов,
      totalKopecks: kopecks(l.СтТовУчНал),
      vatRate: l.НалСт,
      unit: l.НаимЕдИзм ?? null,
      priceKopecks: kopecks(l.ЦенаТов),
      amountKopecks: kopecks(l.СтТовБезНДС),
      vatKopecks: kopecks(l.СумНал?.СумНал),
    })),
    totals: { amountKopecks: kopecks(doc.ТаблСчФакт?.ВсегоОпл?.СтТовБезНДСВсего), vatKopecks: kopecks(doc.ТаблСчФакт?.ВсегоОпл?.СумНалВсего?.СумНал), totalKopecks: kopecks(doc.ТаблСчФакт?.ВсегоОпл?.СтТовУчНалВсего) },
    basis: basisOf(doc.СвПродПер?.СвПер?.ОснПер),
    signer: signerOf([doc.Подписант].flat()[0]),
  };
}

function basisOf(node: any): string | null {
  if (!node?.РеквНаимДок) return null;
  return [node.РеквНаимДок, node.РеквНомерДок && `№ ${node.РеквНомерДок}`, node.РеквДатаДок && `от ${node.РеквДатаДок}`].filter(Boolean).join(' ');
}

const signerOf = (node: any) => (node ? { name: fio(node.ФИО), position: node.Должн ?? null } : null);
