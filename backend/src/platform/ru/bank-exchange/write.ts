/**
 * Writer of 1CClientBankExchange files, as bank clients expect them: format 1.03, windows-1251,
 * CRLF line ends, typed values first and then any other keys the documents carry.
 */
import { kopecksToRubles } from '@workcloud/shared-core';
import { decode, encode } from 'iconv-lite';
import {
  ACCOUNT_SECTION_KEYS,
  DOCUMENT_KEYS,
  HEADER_KEYS,
  MARKERS,
  isMarker,
  partyKeys,
  type AccountSection,
  type BankExchangeHeader,
  type BankParty,
  type BankStatement,
  type PartySide,
  type PaymentOrder,
} from './statement';

export interface WriteOptions {
  /** Отправитель when writing a list of payment orders; "WorkCloud" by default. */
  sender?: string;
  /** Получатель (usually the bank client program) when writing a list of payment orders. */
  recipient?: string;
  /** ДатаСоздания and ВремяСоздания, taken in Moscow time; now by default. */
  createdAt?: Date;
}

type Entry = [key: string, value: string];

const FILE_ENCODING = 'windows-1251';

/**
 * A statement (e.g. one read by parseBankExchange) or a list of payment orders to send to the bank.
 * Throws an Error naming the field if a value cannot be written: a line break, a character that
 * windows-1251 lacks, a malformed date or amount.
 */
export function writeBankExchange(input: BankStatement | readonly PaymentOrder[], options: WriteOptions = {}): Buffer {
  const { header, accountSections, documents } = 'header' in input ? input : statementOf(input, options);

  // Documents first: a bad date is then reported as the document's Дата, not as the header's ДатаНачала.
  const documentLines = documents.flatMap((document) => {
    if (!document.kind.trim()) throw new Error(`Документ № ${document.number}: не указан вид документа`);
    return [
      `${MARKERS.documentStart}=${checkedValue(MARKERS.documentStart, document.kind)}`,
      ...toLines(documentEntries(document)),
      MARKERS.documentEnd,
    ];
  });
  const lines = [
    MARKERS.fileStart,
    ...toLines(headerEntries(header)),
    ...accountSections.flatMap((section) => [
      MARKERS.accountStart,
      ...toLines(accountEntries(section)),
      MARKERS.accountEnd,
    ]),
    ...documentLines,
    MARKERS.fileEnd,
  ];
  return encode(lines.join('\r\n') + '\r\n', FILE_ENCODING);
}

function statementOf(orders: readonly PaymentOrder[], options: WriteOptions) {
  const created = moscowDateTime(options.createdAt ?? new Date());
  const dates = orders.map((order) => order.date).sort();
  const header: BankExchangeHeader = {
    version: '1.03',
    encoding: 'Windows',
    sender: options.sender ?? 'WorkCloud',
    recipient: options.recipient ?? '',
    createdOn: created.date,
    createdAtTime: created.time,
    periodStart: dates[0],
    periodEnd: dates.at(-1),
    accounts: [...new Set(orders.map((order) => order.payer.account))],
    documentKinds: [...new Set(orders.map((order) => order.kind))],
    fields: {},
  };
  return { header, accountSections: [] as AccountSection[], documents: orders };
}

function headerEntries(header: BankExchangeHeader): Entry[] {
  const keys = HEADER_KEYS;
  const typed: Entry[] = [
    [keys.version, '1.03'],
    [keys.encoding, 'Windows'],
    [keys.sender, header.sender],
    [keys.recipient, header.recipient],
    ...optionalDate(keys.createdOn, header.createdOn),
    ...optional(keys.createdAtTime, header.createdAtTime),
    ...optionalDate(keys.periodStart, header.periodStart),
    ...optionalDate(keys.periodEnd, header.periodEnd),
    ...header.accounts.map((account): Entry => [keys.account, account]),
    ...header.documentKinds.map((kind): Entry => [keys.documentKind, kind]),
  ];
  return withOtherFields(typed, header.fields);
}

function accountEntries(section: AccountSection): Entry[] {
  const keys = ACCOUNT_SECTION_KEYS;
  const typed: Entry[] = [
    ...optionalDate(keys.periodStart, section.periodStart),
    ...optionalDate(keys.periodEnd, section.periodEnd),
    [keys.account, section.account],
    ...optionalAmount(keys.openingBalanceKopecks, section.openingBalanceKopecks),
    ...optionalAmount(keys.totalCreditedKopecks, section.totalCreditedKopecks),
    ...optionalAmount(keys.totalDebitedKopecks, section.totalDebitedKopecks),
    ...optionalAmount(keys.closingBalanceKopecks, section.closingBalanceKopecks),
  ];
  return withOtherFields(typed, section.fields);
}

function documentEntries(document: PaymentOrder): Entry[] {
  const keys = DOCUMENT_KEYS;
  const fields = document.fields ?? {};
  if (document.amountKopecks < 0) throw new Error(`Поле ${keys.amount}: сумма документа не может быть отрицательной`);
  const typed: Entry[] = [
    [keys.number, document.number],
    [keys.date, fileDate(keys.date, document.date)],
    [keys.amount, fileAmount(keys.amount, document.amountKopecks)],
    ...optionalDate(keys.debitedOn, document.debitedOn),
    ...optionalDate(keys.creditedOn, document.creditedOn),
    ...partyEntries('Плательщик', document.payer, fields),
    ...partyEntries('Получатель', document.payee, fields),
    [keys.purpose, document.purpose],
  ];
  return withOtherFields(typed, fields);
}

function partyEntries(side: PartySide, party: BankParty, fields: Record<string, string>): Entry[] {
  const keys = partyKeys(side);
  const entries = (Object.keys(keys) as (keyof BankParty)[]).map((property): Entry => [keys[property], party[property]]);
  // 1C also writes the name as Плательщик1 and the account as ПлательщикРасчСчет, and some bank
  // clients read only those; they differ only in indirect payments, which then come in `fields`.
  const alsoAs: Entry[] = [
    [`${side}1`, party.name],
    [`${side}РасчСчет`, party.account],
  ];
  return [...entries, ...alsoAs.filter(([key]) => fields[key] === undefined)];
}

/** Typed entries first, then the keys of `fields` they do not already cover. */
function withOtherFields(typed: Entry[], fields: Record<string, string>): Entry[] {
  const written = new Set(typed.map(([key]) => key));
  return [...typed, ...Object.entries(fields).filter(([key]) => !written.has(key))];
}

function toLines(entries: Entry[]): string[] {
  return entries.map(([key, value]) => {
    if (!key || /[=\r\n]/.test(key) || isMarker(key)) throw new Error(`Ключ "${key}" нельзя записать в файл обмена`);
    return `${key}=${checkedValue(key, value)}`;
  });
}

function checkedValue(key: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`Поле ${key}: значение не должно содержать перевода строки`);
  // iconv-lite would silently write "?" for a character windows-1251 lacks.
  if (decode(encode(value, FILE_ENCODING), FILE_ENCODING) !== value) {
    throw new Error(`Поле ${key}: значение "${value}" содержит символы, которых нет в кодировке Windows-1251`);
  }
  return value;
}

const optional = (key: string, value: string | undefined): Entry[] => (value === undefined ? [] : [[key, value]]);

const optionalDate = (key: string, iso: string | undefined): Entry[] =>
  iso === undefined ? [] : [[key, fileDate(key, iso)]];

const optionalAmount = (key: string, kopecks: number | undefined): Entry[] =>
  kopecks === undefined ? [] : [[key, fileAmount(key, kopecks)]];

/** YYYY-MM-DD → ДД.ММ.ГГГГ */
function fileDate(key: string, iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`Поле ${key}: дата "${iso}" должна быть в виде ГГГГ-ММ-ДД`);
  return `${match[3]}.${match[2]}.${match[1]}`;
}

/** 123450 → "1234.50". */
function fileAmount(key: string, kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new Error(`Поле ${key}: сумма ${kopecks} должна быть целым числом копеек`);
  return kopecksToRubles(kopecks);
}

/** Date and time on the Moscow clock: the file carries no time zone and servers run in UTC. */
function moscowDateTime(instant: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Moscow',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}:${part('second')}`,
  };
}
