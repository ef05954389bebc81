import { ApiError, readTokens, refreshOnce } from '@workcloud/shared-ui';

/** A document the statement created or linked. */
export interface BankDocument {
  code: 'money_in' | 'money_out';
  id: string;
  number: string;
  importKey: string;
  status?: string;
}

/** A statement line several documents fit: the user picks one of them or a new document. */
export interface BankLineToDecide {
  importKey: string;
  code: 'money_in' | 'money_out';
  line: number;
  number: string;
  date: string;
  amount: number;
  counterparty: { inn: string; name: string };
  candidates: { id: string; number: string; date: string; amount: number; status: string }[];
}

/** What POST /api/trade/bank-statements answers (bank-statements.controller.ts). */
export interface BankUploadSummary {
  created: BankDocument[];
  linked: BankDocument[];
  alreadyImported: number;
  counterpartiesCreated: number;
  counterpartiesUpdated: number;
  toDecide: BankLineToDecide[];
  warnings: string[];
}

/** The choice per ambiguous line: the id of the document to link, or `new`. */
export type BankDecisions = Record<string, string>;

/**
 * Sends the statement file as it is (its encoding is the server's business), with the decisions on
 * ambiguous lines; a refused file is an ApiError with the server's Russian `detail` (naming the line).
 */
export async function uploadStatement(file: ArrayBuffer, decisions: BankDecisions = {}): Promise<BankUploadSummary> {
  const query = Object.keys(decisions).length ? `?decisions=${encodeURIComponent(JSON.stringify(decisions))}` : '';
  const send = () =>
    fetch(`/api/trade/bank-statements${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readTokens()?.accessToken ?? ''}`, 'content-type': 'application/octet-stream' },
      body: file,
    });
  let res = await send();
  if (res.status === 401 && (await refreshOnce())) res = await send();
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body?.title ?? res.statusText, body?.detail ?? `Ошибка ${res.status}`, body?.errors ?? [], body);
  return body as BankUploadSummary;
}
