/**
 * Data model of a 1CClientBankExchange file (formats 1.01–1.03), the text format Russian banks
 * and 1C use to exchange payment orders and statements. Shared by the parser and the writer.
 *
 * Dates are ISO (YYYY-MM-DD); in the file they are ДД.ММ.ГГГГ. Amounts are integer kopecks.
 */

export interface BankParty {
  /** Плательщик / Получатель */
  name: string;
  /** …ИНН */
  inn: string;
  /** …КПП */
  kpp: string;
  /** …Счет: the party's account */
  account: string;
  /** …Банк1 */
  bankName: string;
  /** …Банк2: city of the bank */
  bankCity: string;
  /** …БИК */
  bik: string;
  /** …Корсчет */
  corrAccount: string;
}

/** A payment document (СекцияДокумент) as our code builds it, e.g. to send to the bank. */
export interface PaymentOrder {
  /** The value of СекцияДокумент=…, e.g. "Платежное поручение". */
  kind: string;
  number: string;
  date: string;
  amountKopecks: number;
  payer: BankParty;
  payee: BankParty;
  /** НазначениеПлатежа */
  purpose: string;
  /** ДатаСписано: when the money left the payer's account. */
  debitedOn?: string;
  /** ДатаПоступило: when the money reached the payee's account. */
  creditedOn?: string;
  /**
   * Any other keys of the section, as in the file: Очередность, ВидОплаты, ПоказательКБК, ОКАТО…
   * When writing, the typed properties above win over a key of the same name here.
   */
  fields?: Record<string, string>;
}

/** A payment document read from a file. */
export interface BankDocument extends PaymentOrder {
  /** Every key of the section exactly as read, including the ones parsed into properties. */
  fields: Record<string, string>;
}

/** СекцияРасчСчет: one account's balances over the statement period. */
export interface AccountSection {
  account: string;
  periodStart?: string;
  periodEnd?: string;
  openingBalanceKopecks?: number;
  totalCreditedKopecks?: number;
  totalDebitedKopecks?: number;
  closingBalanceKopecks?: number;
  /** Every key of the section exactly as read. */
  fields: Record<string, string>;
}

export interface BankExchangeHeader {
  /** ВерсияФормата: "1.01", "1.02" or "1.03". */
  version: string;
  /** Кодировка as declared ("Windows" or "DOS"); the parser trusts the bytes more than this. */
  encoding: string;
  sender: string;
  recipient: string;
  createdOn?: string;
  /** ВремяСоздания, ЧЧ:ММ:СС. */
  createdAtTime?: string;
  periodStart?: string;
  periodEnd?: string;
  /** РасчСчет lines: the accounts the file is about. */
  accounts: string[];
  /** Документ lines: the kinds of documents in the file. */
  documentKinds: string[];
  /** The header's single-valued keys exactly as read. */
  fields: Record<string, string>;
}

export interface BankStatement {
  header: BankExchangeHeader;
  accountSections: AccountSection[];
  documents: BankDocument[];
}

export const MARKERS = {
  fileStart: '1CClientBankExchange',
  fileEnd: 'КонецФайла',
  accountStart: 'СекцияРасчСчет',
  accountEnd: 'КонецРасчСчет',
  documentStart: 'СекцияДокумент',
  documentEnd: 'КонецДокумента',
} as const;

export const isMarker = (key: string): boolean => (Object.values(MARKERS) as string[]).includes(key);

export const SUPPORTED_VERSIONS = ['1.01', '1.02', '1.03'];

export const HEADER_KEYS = {
  version: 'ВерсияФормата',
  encoding: 'Кодировка',
  sender: 'Отправитель',
  recipient: 'Получатель',
  createdOn: 'ДатаСоздания',
  createdAtTime: 'ВремяСоздания',
  periodStart: 'ДатаНачала',
  periodEnd: 'ДатаКонца',
  /** Repeats, one line per account. */
  account: 'РасчСчет',
  /** Repeats, one line per document kind. */
  documentKind: 'Документ',
} as const;

export const ACCOUNT_SECTION_KEYS = {
  account: 'РасчСчет',
  periodStart: 'ДатаНачала',
  periodEnd: 'ДатаКонца',
  openingBalanceKopecks: 'НачальныйОстаток',
  totalCreditedKopecks: 'ВсегоПоступило',
  totalDebitedKopecks: 'ВсегоСписано',
  closingBalanceKopecks: 'КонечныйОстаток',
} as const;

export const DOCUMENT_KEYS = {
  number: 'Номер',
  date: 'Дата',
  amount: 'Сумма',
  debitedOn: 'ДатаСписано',
  creditedOn: 'ДатаПоступило',
  purpose: 'НазначениеПлатежа',
} as const;

export type PartySide = 'Плательщик' | 'Получатель';

/** Keys of a party's properties, e.g. ПлательщикИНН; in the order 1C writes them. */
export function partyKeys(side: PartySide): Record<keyof BankParty, string> {
  return {
    account: `${side}Счет`,
    name: side,
    inn: `${side}ИНН`,
    kpp: `${side}КПП`,
    bankName: `${side}Банк1`,
    bankCity: `${side}Банк2`,
    bik: `${side}БИК`,
    corrAccount: `${side}Корсчет`,
  };
}
