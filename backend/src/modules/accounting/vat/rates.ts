import { generalVatRateOn, vatPercent, type VatRate } from '../../../platform/ru/vat';
import { VAT_RATES } from '../../trade/pricing';

/**
 * VAT rates as the books and the return see them. The rate of a line is trade's (`VatRate`, fixed by the
 * document's date: 20 % for 2025 documents, 22 % from 2026-01-01); an advance takes the calculated rate
 * of its date (22/122, 20/120, 10/110; 5/105 and 7/107 on УСН with VAT).
 */
export type { VatRate };
export const RATE_TITLES = VAT_RATES;

/** The rates in the order of the book's columns. */
export const BOOK_RATES: VatRate[] = ['vat22', 'vat20', 'vat10', 'vat5', 'vat7', 'vat0', 'none'];

export const percentOf = (rate: VatRate) => vatPercent(rate);

/** «22/122» — the calculated rate of an advance at this rate. */
export const calculatedRate = (rate: VatRate) => `${percentOf(rate)}/${100 + percentOf(rate)}`;

/** Whether an organization with this `vat_status` (trade's organizations) issues счета-фактуры: ОСНО and УСН with VAT 5 % / 7 %. */
export const issuesInvoices = (status: unknown) => status === 'general' || status === 'usn_vat5' || status === 'usn_vat7';

/** Why an organization on УСН without VAT gets no счёт-фактура (a Russian message). */
export const noInvoicesOnUsn = (name: string) => `Организация «${name}» применяет УСН без НДС и плательщиком НДС не является — счета-фактуры она не выставляет (кроме УСН с НДС 5 % или 7 %).`;

/** Only a payer on ОСНО deducts the VAT of its suppliers; УСН (with VAT 5 % / 7 % too) puts it into cost. */
export const deductsVat = (status: unknown) => status === 'general';

/** The rate an advance of an organization takes when nothing names the goods: the general rate of the date, or the УСН one. */
export function advanceRateOf(status: unknown, date: string): VatRate {
  if (status === 'usn_vat5') return 'vat5';
  if (status === 'usn_vat7') return 'vat7';
  return generalVatRateOn(date);
}

/** Quarter `q` (1–4) of `year` as its first and last day. */
export function quarterDates(year: number, q: number): { from: string; to: string } {
  const first = (q - 1) * 3 + 1;
  const last = first + 2;
  const days = new Date(Date.UTC(year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(days)}` };
}

export const QUARTERS = { '1': 'I квартал', '2': 'II квартал', '3': 'III квартал', '4': 'IV квартал' } as const;
export const quarterTitle = (year: number, q: number) => `${['I', 'II', 'III', 'IV'][q - 1]} квартал ${year} г.`;
