import type { BankDecisions, BankImportedDocument, BankImportResult, BankLineToDecide } from '@workcloud/shared-core';
import { ApiError, readTokens, refreshOnce } from '@workcloud/shared-ui';

/** A document the statement created (or linked, with its status). */
export type BankDocument = BankImportedDocument & { status?: string };
/** What POST /api/trade/bank-statements answers. */
export type BankUploadSummary = BankImportResult;
export type { BankDecisions, BankLineToDecide };

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
