import QRCode from 'qrcode';
import type { PrintParty } from '../trade/print/types';

/** Field lengths of ГОСТ Р 56042-2014 (the ones we fill). */
const MAX: Record<string, number> = { Name: 160, PersonalAcc: 20, BankName: 45, BIC: 9, CorrespAcc: 20, PayeeINN: 12, KPP: 9, Sum: 18, Purpose: 210 };

/**
 * The payment QR code's text by ГОСТ Р 56042-2014, as banking apps read it from a Счёт: "ST0001" + "2"
 * (UTF-8), then `Name=value` pairs separated by "|" — the five required ones (recipient, account, bank,
 * БИК, кор. счёт), then ИНН, КПП, the sum in kopecks and the purpose. A "|" inside a value would end it,
 * so it is replaced; values are cut to the standard's lengths.
 */
export function gostPaymentPayload(seller: PrintParty, sumKopecks: number, purpose: string): string {
  const fields: Array<[string, string | undefined]> = [
    ['Name', seller.name],
    ['PersonalAcc', seller.account],
    ['BankName', seller.bankName],
    ['BIC', seller.bik],
    ['CorrespAcc', seller.corrAccount],
    ['PayeeINN', seller.inn],
    ['KPP', seller.kpp],
    ['Sum', String(sumKopecks)],
    ['Purpose', purpose],
  ];
  const pairs = fields
    .filter((f): f is [string, string] => !!f[1])
    .map(([key, value]) => `${key}=${Array.from(value.replaceAll('|', '/').trim()).slice(0, MAX[key]).join('')}`);
  return ['ST00012', ...pairs].join('|');
}

/** The QR code as a PNG for the Счёт PDF (error correction M: readable from a printed page). */
export function paymentQrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 });
}
