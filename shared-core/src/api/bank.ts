/** POST /api/trade/bank-statements: what importing a bank statement (1CClientBankExchange) did. */

/** A document the statement created or linked. */
export interface BankImportedDocument {
  code: 'money_in' | 'money_out';
  id: string;
  number: string;
  importKey: string;
}

/** An existing document a statement line may be. */
export interface BankCandidate {
  id: string;
  number: string;
  date: string;
  /** Kopecks. */
  amount: number;
  status: string;
  incomingNumber: string | null;
  incomingDate: string | null;
  counterparty: string;
}

/** A statement line matching more than one existing document: nothing is created for it until the user decides. */
export interface BankLineToDecide {
  importKey: string;
  code: 'money_in' | 'money_out';
  line: number;
  number: string;
  date: string;
  /** Kopecks. */
  amount: number;
  counterparty: { inn: string; name: string };
  candidates: BankCandidate[];
}

export interface BankImportResult {
  /** Documents created and posted by this import. */
  created: BankImportedDocument[];
  /** Documents typed by hand (or exported payment orders) the statement's lines confirmed: linked, not created again. */
  linked: (BankImportedDocument & { status: string })[];
  /** Bank documents already imported before (by number, date, amount and our account). */
  alreadyImported: number;
  /** Counterparties that were not in the catalog and were created from the file. */
  counterpartiesCreated: number;
  /** Counterparties found by ИНН that had no bank account and got the statement's. */
  counterpartiesUpdated: number;
  toDecide: BankLineToDecide[];
  /** Differences between the file's balances and totals, its own lines and the money register. */
  warnings: string[];
}

/** The user's choice per line to decide, by its import key: the id of the document to link, or `new`. */
export type BankDecisions = Record<string, string>;
