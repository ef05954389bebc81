/**
 * Reader of 1CClientBankExchange files. The file is a list of Ключ=Значение lines:
 *
 *   1CClientBankExchange            ← always the first line
 *   ВерсияФормата=1.03 …            ← header
 *   СекцияРасчСчет … КонецРасчСчет  ← balances of an account (statements only)
 *   СекцияДокумент=Вид … КонецДокумента
 *   КонецФайла
 *
 * Any defect throws a BankExchangeError naming the line; nothing partial is returned, because a
 * statement with a silently missing payment is worse than no statement.
 */
import { rublesToKopecks } from '@workcloud/shared-core';
import { decodeBankFile } from './decode';
import {
  ACCOUNT_SECTION_KEYS,
  DOCUMENT_KEYS,
  HEADER_KEYS,
  MARKERS,
  SUPPORTED_VERSIONS,
  isMarker,
  partyKeys,
  type AccountSection,
  type BankDocument,
  type BankExchangeHeader,
  type BankParty,
  type BankStatement,
  type PartySide,
} from './statement';

export class BankExchangeError extends Error {
  /** 1-based line of the file where the problem was found. */
  readonly line: number;

  constructor(line: number, problem: string) {
    super(`Строка ${line}: ${problem}`);
    this.name = 'BankExchangeError';
    this.line = line;
  }
}

/** Lines of one section with the line number of every key, so value errors can point at their line. */
interface RawSection {
  /** Line of the marker that opened the section (line 1 for the header). */
  line: number;
  /** The value after СекцияДокумент=. */
  title: string;
  values: Record<string, string>;
  keyLines: Record<string, number>;
}

/** A СекцияРасчСчет or СекцияДокумент being read, with the marker that must close it. */
interface OpenSection extends RawSection {
  start: string;
  end: string;
}

/** Header keys that legitimately repeat, one line per account or document kind. */
const REPEATED_HEADER_KEYS: string[] = [HEADER_KEYS.account, HEADER_KEYS.documentKind];

export function parseBankExchange(bytes: Buffer): BankStatement {
  const lines = decodeBankFile(bytes).split(/\r\n|\r|\n/);
  if (lines[0].trim() !== MARKERS.fileStart) {
    throw new BankExchangeError(1, `файл должен начинаться со строки ${MARKERS.fileStart}`);
  }

  const headerSection = newSection(1, '');
  const repeated: Record<string, string[]> = { [HEADER_KEYS.account]: [], [HEADER_KEYS.documentKind]: [] };
  let header: BankExchangeHeader | undefined;
  const accountSections: AccountSection[] = [];
  const documents: BankDocument[] = [];
  let open: OpenSection | undefined;
  let fileEnded = false;
  let lastLine = 1;

  for (let index = 1; index < lines.length; index++) {
    const lineNo = index + 1;
    const text = lines[index].trim();
    if (text === '') continue; // banks put blank lines between documents
    lastLine = lineNo;
    if (fileEnded) throw new BankExchangeError(lineNo, `после ${MARKERS.fileEnd} не должно быть данных`);

    const { key, value } = splitLine(text, lineNo);

    if (open) {
      if (key === open.end && value === undefined) {
        if (open.start === MARKERS.accountStart) accountSections.push(toAccountSection(open));
        else documents.push(toDocument(open));
        open = undefined;
      } else if (isMarker(key)) {
        throw notClosed(lineNo, open);
      } else {
        addValue(open, key, value, lineNo);
      }
      continue;
    }

    // The header ends where the first section or the end of file begins; check it before going on.
    if (isMarker(key) && !header) header = toHeader(headerSection, repeated);

    switch (key) {
      case MARKERS.accountStart:
        open = { ...newSection(lineNo, ''), start: MARKERS.accountStart, end: MARKERS.accountEnd };
        break;
      case MARKERS.documentStart:
        if (!value?.trim()) throw new BankExchangeError(lineNo, `после ${MARKERS.documentStart}= не указан вид документа`);
        open = { ...newSection(lineNo, value.trim()), start: MARKERS.documentStart, end: MARKERS.documentEnd };
        break;
      case MARKERS.fileEnd:
        fileEnded = true;
        break;
      case MARKERS.accountEnd:
      case MARKERS.documentEnd:
        throw new BankExchangeError(lineNo, `${key} без начала секции`);
      default:
        if (header) throw new BankExchangeError(lineNo, `строка "${text}" стоит вне секции`);
        if (REPEATED_HEADER_KEYS.includes(key)) repeated[key].push(value ?? '');
        else addValue(headerSection, key, value, lineNo);
    }
  }

  if (open) throw notClosed(lastLine, open);
  if (!fileEnded || !header) {
    throw new BankExchangeError(lastLine, `нет строки ${MARKERS.fileEnd}: файл обрезан или записан не до конца`);
  }
  return { header, accountSections, documents };
}

function newSection(line: number, title: string): RawSection {
  return { line, title, values: {}, keyLines: {} };
}

/** "Ключ=Значение" → key and value (the value may contain "="); a bare marker has no value. */
function splitLine(text: string, lineNo: number): { key: string; value: string | undefined } {
  const equals = text.indexOf('=');
  if (equals === -1) {
    if (!isMarker(text)) throw new BankExchangeError(lineNo, `ожидалась строка вида Ключ=Значение, а не "${text}"`);
    return { key: text, value: undefined };
  }
  return { key: text.slice(0, equals).trim(), value: text.slice(equals + 1) };
}

function addValue(section: RawSection, key: string, value: string | undefined, lineNo: number): void {
  if (value === undefined || key === '') {
    throw new BankExchangeError(lineNo, `ожидалась строка вида Ключ=Значение`);
  }
  if (Object.hasOwn(section.values, key)) {
    throw new BankExchangeError(lineNo, `поле ${key} повторяется (первый раз в строке ${section.keyLines[key]})`);
  }
  section.values[key] = value;
  section.keyLines[key] = lineNo;
}

function notClosed(lineNo: number, open: OpenSection): BankExchangeError {
  return new BankExchangeError(lineNo, `секция ${open.start}, начатая в строке ${open.line}, не закрыта ${open.end}`);
}

function toHeader(section: RawSection, repeated: Record<string, string[]>): BankExchangeHeader {
  const version = section.values[HEADER_KEYS.version]?.trim();
  if (version === undefined) {
    throw new BankExchangeError(2, `в заголовке нет строки ${HEADER_KEYS.version}=`);
  }
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new BankExchangeError(
      section.keyLines[HEADER_KEYS.version],
      `неизвестная версия формата "${version}", поддерживаются ${SUPPORTED_VERSIONS.join(', ')}`,
    );
  }
  return {
    version,
    encoding: section.values[HEADER_KEYS.encoding]?.trim() ?? '',
    sender: section.values[HEADER_KEYS.sender] ?? '',
    recipient: section.values[HEADER_KEYS.recipient] ?? '',
    createdOn: readDate(section, HEADER_KEYS.createdOn),
    createdAtTime: readText(section, HEADER_KEYS.createdAtTime),
    periodStart: readDate(section, HEADER_KEYS.periodStart),
    periodEnd: readDate(section, HEADER_KEYS.periodEnd),
    accounts: repeated[HEADER_KEYS.account],
    documentKinds: repeated[HEADER_KEYS.documentKind],
    fields: section.values,
  };
}

function toAccountSection(section: RawSection): AccountSection {
  const keys = ACCOUNT_SECTION_KEYS;
  return {
    account: required(section, keys.account, readText(section, keys.account)),
    periodStart: readDate(section, keys.periodStart),
    periodEnd: readDate(section, keys.periodEnd),
    // An overdraft account can have a negative balance.
    openingBalanceKopecks: readKopecks(section, keys.openingBalanceKopecks, true),
    totalCreditedKopecks: readKopecks(section, keys.totalCreditedKopecks, false),
    totalDebitedKopecks: readKopecks(section, keys.totalDebitedKopecks, false),
    closingBalanceKopecks: readKopecks(section, keys.closingBalanceKopecks, true),
    fields: section.values,
  };
}

function toDocument(section: RawSection): BankDocument {
  const keys = DOCUMENT_KEYS;
  return {
    kind: section.title,
    number: required(section, keys.number, readText(section, keys.number)),
    date: required(section, keys.date, readDate(section, keys.date)),
    amountKopecks: required(section, keys.amount, readKopecks(section, keys.amount, false)),
    payer: toParty(section.values, 'Плательщик'),
    payee: toParty(section.values, 'Получатель'),
    purpose: purposeOf(section.values),
    debitedOn: readDate(section, keys.debitedOn),
    creditedOn: readDate(section, keys.creditedOn),
    fields: section.values,
  };
}

function toParty(values: Record<string, string>, side: PartySide): BankParty {
  const keys = partyKeys(side);
  const read = (key: string) => values[key]?.trim() ?? '';
  return {
    // Плательщик1 / …РасчСчет carry the name and account when the short keys are left empty.
    name: read(keys.name) || read(`${side}1`),
    inn: read(keys.inn),
    kpp: read(keys.kpp),
    account: read(keys.account) || read(`${side}РасчСчет`),
    bankName: read(keys.bankName),
    bankCity: read(keys.bankCity),
    bik: read(keys.bik),
    corrAccount: read(keys.corrAccount),
  };
}

/** Some banks leave НазначениеПлатежа empty and split the text over НазначениеПлатежа1…6. */
function purposeOf(values: Record<string, string>): string {
  const whole = values[DOCUMENT_KEYS.purpose]?.trim();
  if (whole) return whole;
  return [1, 2, 3, 4, 5, 6]
    .map((n) => values[`${DOCUMENT_KEYS.purpose}${n}`]?.trim())
    .filter(Boolean)
    .join(' ');
}

function required<T>(section: RawSection, key: string, value: T | undefined): T {
  if (value === undefined) {
    throw new BankExchangeError(section.keyLines[key] ?? section.line, `не заполнено обязательное поле ${key}`);
  }
  return value;
}

/** Trimmed value; an absent or empty one is undefined. */
function readText(section: RawSection, key: string): string | undefined {
  return section.values[key]?.trim() || undefined;
}

/** ДД.ММ.ГГГГ → YYYY-MM-DD; an absent or empty value is undefined. */
function readDate(section: RawSection, key: string): string | undefined {
  const raw = readText(section, key);
  if (raw === undefined) return undefined;
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(raw);
  const iso = match ? `${match[3]}-${match[2]}-${match[1]}` : '';
  const day = new Date(`${iso}T00:00:00Z`);
  // Date rolls 31.02 over to March; comparing back catches days that do not exist.
  if (!match || Number.isNaN(day.getTime()) || !day.toISOString().startsWith(iso)) {
    throw new BankExchangeError(section.keyLines[key], `дата "${raw}" в поле ${key} должна быть в виде ДД.ММ.ГГГГ`);
  }
  return iso;
}

/** "1234.5" → 123450, exactly: the digits are read as integers, never as a float. */
function readKopecks(section: RawSection, key: string, mayBeNegative: boolean): number | undefined {
  const raw = readText(section, key);
  if (raw === undefined) return undefined;
  const line = section.keyLines[key];
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(raw);
  if (!match) throw new BankExchangeError(line, `сумма "${raw}" не является числом`);
  const [, minus, , fraction = ''] = match;
  if (fraction.length > 2) throw new BankExchangeError(line, `в сумме "${raw}" больше двух знаков после точки`);
  if (minus && !mayBeNegative) throw new BankExchangeError(line, `сумма "${raw}" не может быть отрицательной`);
  try {
    return rublesToKopecks(raw);
  } catch {
    throw new BankExchangeError(line, `сумма "${raw}" слишком велика`);
  }
}
