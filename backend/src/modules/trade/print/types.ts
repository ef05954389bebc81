/**
 * Plain data for the print forms. The renderers never touch the database: the caller
 * (a trade document service) maps its entities to these shapes and passes them in.
 *
 * Money is integer kopecks (number or bigint), never a float. The caller computes every
 * amount, VAT and total; the forms only print them, so a form can never disagree with
 * the accounting records.
 */

/** Integer kopecks: 123456 means 1 234,56 ₽. */
export type Kopecks = number | bigint;

/** A company or individual entrepreneur as printed on a form. */
export interface PrintParty {
  name: string;
  inn: string;
  /** Individual entrepreneurs have no КПП. */
  kpp?: string;
  address: string;
  phone?: string;
  /** Код по ОКПО, printed in the codes box of ТОРГ-12. */
  okpo?: string;
  bankName?: string;
  /** БИК банка. */
  bik?: string;
  /** Расчётный счёт. */
  account?: string;
  /** Корреспондентский счёт банка. */
  corrAccount?: string;
}

export type VatRateLabel = '22%' | '20%' | '10%' | '7%' | '5%' | '0%' | 'без НДС';

export interface PrintLine {
  name: string;
  /** Код товара / артикул (УПД column А, ТОРГ-12 column 3). */
  code?: string;
  /** Short unit name, e.g. 'шт', 'кг', 'усл. ед'. */
  unit: string;
  /** Unit code by ОКЕИ, e.g. '796' for штука. */
  unitCode: string;
  /** Decimal string such as '12' or '2.500', to keep exact quantities. */
  quantity: string;
  /** Price per unit without VAT. */
  priceKopecks: Kopecks;
  /** Amount without VAT. */
  amountKopecks: Kopecks;
  vatRateLabel: VatRateLabel;
  vatKopecks: Kopecks;
  /** Amount with VAT. */
  totalKopecks: Kopecks;
  /** Страна происхождения (УПД columns 10/10а), only for imported goods, e.g. '156' / 'КИТАЙ'. */
  countryCode?: string;
  countryName?: string;
  /** Регистрационный номер декларации на товары (УПД column 11). */
  customsDeclaration?: string;
  /** Goods or a service: the ЭДО file tells them apart (ПрТовРаб) and leaves the consignor out for services. */
  kind?: 'goods' | 'service';
}

export interface PrintTotals {
  amountKopecks: Kopecks;
  vatKopecks: Kopecks;
  totalKopecks: Kopecks;
}

/** People who sign on behalf of a party; blank lines are printed when a name is missing. */
export interface PrintSigners {
  /** Руководитель (the head, e.g. генеральный директор). */
  head?: string;
  headPosition?: string;
  /** Главный бухгалтер. */
  accountant?: string;
}

export interface PrintDocument {
  number: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  seller: PrintParty;
  buyer: PrintParty;
  /** Грузоотправитель when it is not the seller itself. */
  shipper?: PrintParty;
  /** Грузополучатель when it is not the buyer itself. */
  consignee?: PrintParty;
  lines: PrintLine[];
  totals: PrintTotals;
  /** Основание: the contract or order, e.g. 'Договор поставки № 15 от 10.01.2026'. */
  basis?: string;
  /** The same basis as a document's requisites, for the ЭДО file (ОснПер); `date` is 'YYYY-MM-DD'. */
  basisDocument?: { name: string; number: string; date?: string };
  sellerSigners?: PrintSigners;
  buyerSigners?: PrintSigners;
}

/** Status field of the УПД: what the one paper stands for. */
export type UpdStatus =
  /** Счёт-фактура и передаточный документ (акт). */
  | 1
  /** Только передаточный документ (акт), e.g. from a seller without VAT. */
  | 2;

export interface UpdDocument extends PrintDocument {
  status: UpdStatus;
  /** К платёжно-расчётному документу № … от … (line 5), for prepayments. */
  paymentDocument?: { number: string; date: string };
  /** Идентификатор государственного контракта (line 8). */
  governmentContractId?: string;
  /** Данные о транспортировке и грузе (line [9]). */
  transportInfo?: string;
}
