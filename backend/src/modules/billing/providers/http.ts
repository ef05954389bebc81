import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { ProviderError, type ProviderCode } from './provider';

/** A provider that has not answered in this time is treated as down; the caller retries later. */
const TIMEOUT_MS = 15_000;

/**
 * One HTTP call to a provider. Returns the HTTP status and the parsed JSON body;
 * network failures and non-JSON answers become ProviderError, so callers handle one error type.
 */
export async function callProvider(
  provider: ProviderCode,
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: unknown }> {
  let status: number;
  let text: string;
  try {
    // The timeout covers reading the body too.
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    status = response.status;
    text = await response.text();
  } catch (cause) {
    throw new ProviderError(provider, 'network', `нет ответа от ${new URL(url).host}`, { cause });
  }
  try {
    return { status, body: JSON.parse(text) };
  } catch (cause) {
    throw new ProviderError(provider, 'bad_response', `ответ HTTP ${status} не в формате JSON`, { cause });
  }
}

/** Checks a provider's answer against the fields we rely on; the rest of the body is kept as `raw`. */
export function readAnswer<S extends z.ZodType>(provider: ProviderCode, schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError(provider, 'bad_response', `неожиданный ответ: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

/** Compares signatures without leaking, through timing, how many leading characters matched. */
export function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
