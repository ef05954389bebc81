import { createHmac } from 'node:crypto';

/**
 * `X-WorkCloud-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`: the receiver
 * recomputes it over the raw body and refuses old timestamps (a replayed delivery).
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
