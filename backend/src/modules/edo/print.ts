import { renderUpd } from '../trade/print/upd';
import { ensureSpace, contentLeft, contentWidth, write, type Pdf } from '../trade/print/layout';
import type { UpdDocument, VatRateLabel } from '../trade/print/types';
import type { IncomingUpd } from './incoming';
import type { SignerCertificate, Verification } from './signer';

/** A signed file of the document as the card shows it: who signed, with which certificate, when, and the check. */
export interface PrintedStamp {
  /** «Титул продавца», «Титул покупателя»… */
  file: string;
  /** The party the file comes from: «Отправитель» or «Получатель». */
  side: string;
  status: Verification['status'];
  title: string;
  signer: SignerCertificate | null;
  signedAt: string | null;
  poaNumber: string | null;
}

const dateTime = (iso: string, timeZone: string) => new Date(iso).toLocaleString('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const date = (iso: string, timeZone: string) => new Date(iso).toLocaleDateString('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });

/** The УПД as trade prints it, from the seller's title that was signed (so an incoming one prints the same way). */
function updOf(upd: IncomingUpd): UpdDocument {
  const party = (p: IncomingUpd['buyer'] & { address?: string }) => ({ name: p.name, inn: p.inn, kpp: p.kpp ?? undefined, address: p.address ?? '' });
  return {
    status: upd.function === 'ДОП' ? 2 : 1,
    number: upd.number,
    date: upd.date,
    seller: party(upd.seller),
    buyer: party(upd.buyer),
    lines: upd.lines.map((l) => ({
      name: l.name,
      code: l.code ?? undefined,
      unit: l.unit ?? '',
      unitCode: l.unitCode ?? '',
      quantity: l.quantity,
      priceKopecks: l.priceKopecks,
      amountKopecks: l.amountKopecks,
      vatRateLabel: l.vatRate as VatRateLabel,
      vatKopecks: l.vatKopecks,
      totalKopecks: l.totalKopecks,
    })),
    totals: upd.totals,
    basis: upd.basis ?? undefined,
    sellerSigners: upd.signer ? { head: upd.signer.name, headPosition: upd.signer.position ?? undefined } : undefined,
  };
}

/**
 * The stamps under the form, two in a row, as Диадок prints them: «Документ подписан электронной подписью», the
 * organization and its ИНН, the certificate's owner, serial and validity, the signing time and the check.
 */
function drawStamps(pdf: Pdf, from: number, stamps: PrintedStamp[], timeZone: string) {
  const x = contentLeft(pdf);
  const gap = 12;
  const width = (contentWidth(pdf) - gap) / 2;
  let y = from;
  for (let i = 0; i < stamps.length; i += 2) {
    y = ensureSpace(pdf, y, 110);
    const row = stamps.slice(i, i + 2).map((s, k) => ({ s, left: x + k * (width + gap), color: s.status === 'valid' ? '#1f4e9c' : '#b00020' }));
    let bottom = y;
    for (const { s, left, color } of row) {
      const c = s.signer;
      const lines = [
        `${s.side}: ${c?.organization ?? c?.name ?? '—'}, ИНН ${c?.inn ?? '—'}`,
        `Владелец сертификата: ${c?.commonName ?? '—'}`,
        `Сертификат: ${c?.serial ?? '—'}`,
        `Действителен: с ${c ? date(c.validFrom, timeZone) : '—'} по ${c ? date(c.validTo, timeZone) : '—'}`,
        `Дата и время подписания: ${s.signedAt ? dateTime(s.signedAt, timeZone) : '—'}`,
        ...(s.poaNumber ? [`По доверенности (МЧД) № ${s.poaNumber}`] : []),
        `${s.file}. ${s.title}`,
      ];
      pdf.save().fillColor(color);
      let at = write(pdf, 'ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ', left + 6, y + 6, width - 12, { size: 8, bold: true });
      for (const text of lines) at = write(pdf, text, left + 6, at + 1.5, width - 12, { size: 7 });
      pdf.restore();
      bottom = Math.max(bottom, at + 6);
    }
    // Both frames of a row get the taller stamp's height.
    for (const { left, color } of row) pdf.save().lineWidth(1.2).strokeColor(color).roundedRect(left, y, width, bottom - y, 4).stroke().restore();
    y = bottom + gap;
  }
}

/** The printable view of an ЭДО document: trade's УПД form from the signed seller's title, then its signature stamps. */
export function renderPrintable(upd: IncomingUpd, stamps: PrintedStamp[], timeZone: string): Promise<Buffer> {
  return renderUpd(updOf(upd), (pdf, y) => drawStamps(pdf, y, stamps, timeZone));
}
