export { parseBankExchange, BankExchangeError } from './parse';
export { writeBankExchange, type WriteOptions } from './write';
export { detectEncoding, type BankFileEncoding } from './decode';
export type {
  AccountSection,
  BankDocument,
  BankExchangeHeader,
  BankParty,
  BankStatement,
  PaymentOrder,
} from './statement';
