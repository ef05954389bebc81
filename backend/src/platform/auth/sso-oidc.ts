import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { Problem } from '../http/problem';

/**
 * The relying-party half of OpenID Connect (authorization code + PKCE), written on `jose` (already a dependency, it
 * verifies the id_token by the provider's JWKS) rather than with openid-client: the few steps are the spec's own —
 * discovery, the authorize URL, the token request, id_token checks — and doing them here lets each failure be told
 * to the person in Russian (wrong issuer, expired, foreign nonce…) instead of being mapped back from library codes.
 */

/** What discovery (`/.well-known/openid-configuration`) tells about a provider. */
export interface OidcProvider {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
}

/** The client the company registered at its provider. */
export interface OidcClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** What the provider says about the person, from a verified id_token. */
export interface OidcIdentity {
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

const TIMEOUT_MS = 10_000;
const CACHE_MS = 10 * 60_000;
const discovered = new Map<string, { provider: OidcProvider; at: number }>();

const unreachable = (issuer: string, why: string) =>
  Problem.unprocessable(`Поставщик входа ${issuer} не ответил как OpenID Connect: ${why}. Проверьте адрес (issuer) в настройках входа через SSO.`);

/** Discovery per OpenID Connect Discovery 1.0 §4; the document must name the same issuer (§4.3). Kept ten minutes. */
export async function discover(issuer: string, options: { fresh?: boolean } = {}): Promise<OidcProvider> {
  const cached = discovered.get(issuer);
  if (cached && !options.fresh && Date.now() - cached.at < CACHE_MS) return cached.provider;
  let doc: Record<string, unknown>;
  try {
    const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    if (!res.ok) throw unreachable(issuer, `на запрос документа discovery ответ ${res.status}`);
    doc = (await res.json()) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw unreachable(issuer, `документ discovery не получен (${(e as Error).message})`);
  }
  if (doc.issuer !== issuer) throw unreachable(issuer, `в документе discovery указан другой issuer — «${String(doc.issuer)}»`);
  for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'])
    if (typeof doc[field] !== 'string') throw unreachable(issuer, `в документе discovery нет ${field}`);
  const methods = doc.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) throw unreachable(issuer, 'поставщик не поддерживает PKCE S256');
  const provider: OidcProvider = {
    issuer,
    authorizationEndpoint: doc.authorization_endpoint as string,
    tokenEndpoint: doc.token_endpoint as string,
    jwks: createRemoteJWKSet(new URL(doc.jwks_uri as string), { timeoutDuration: TIMEOUT_MS }),
  };
  discovered.set(issuer, { provider, at: Date.now() });
  return provider;
}

/** The random values of one sign-in: state (against forged callbacks), nonce (against replayed tokens), the PKCE verifier. */
export function newAuthorization() {
  const codeVerifier = randomBytes(32).toString('base64url');
  return {
    state: randomBytes(24).toString('base64url'),
    nonce: randomBytes(24).toString('base64url'),
    codeVerifier,
    codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
  };
}

export function authorizationUrl(provider: OidcProvider, client: OidcClient, a: { state: string; nonce: string; codeChallenge: string }, loginHint?: string): string {
  const url = new URL(provider.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'openid email profile',
    state: a.state,
    nonce: a.nonce,
    code_challenge: a.codeChallenge,
    code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

const refused = (why: string) => Problem.unauthorized(`Вход через SSO не выполнен: ${why} Начните вход заново; если повторится — сообщите администратору компании.`);

/** The token request (OIDC Core §3.1.3.1, client_secret_basic) and the id_token's checks (§3.1.3.7): signature by JWKS, iss, aud, exp, nonce. */
export async function redeemCode(provider: OidcProvider, client: OidcClient, code: string, expected: { nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
  let answer: { id_token?: unknown; error?: unknown; error_description?: unknown };
  try {
    const res = await fetch(provider.tokenEndpoint, {
      method: 'POST',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: 'Basic ' + Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64'),
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: expected.codeVerifier }),
    });
    answer = (await res.json()) as typeof answer;
    if (!res.ok) throw refused(`поставщик отказал в выдаче токена (${String(answer.error ?? res.status)}${answer.error_description ? `: ${String(answer.error_description)}` : ''}).`);
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw refused(`поставщик входа не ответил на запрос токена (${(e as Error).message}).`);
  }
  if (typeof answer.id_token !== 'string') throw refused('поставщик не выдал id_token.');
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(answer.id_token, provider.jwks, { issuer: provider.issuer, audience: client.clientId, requiredClaims: ['sub', 'exp', 'iat'], clockTolerance: 60 }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw refused('срок действия подтверждения от поставщика истёк.');
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'iss') throw refused(`подтверждение выдано другим поставщиком («${String((e.payload as JWTPayload).iss)}»), а не ${provider.issuer}.`);
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'aud') throw refused('подтверждение выдано для другого приложения (aud не совпадает с client id).');
    if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey) throw refused('подпись подтверждения не сходится с ключами поставщика.');
    throw refused(`подтверждение от поставщика не прошло проверку (${(e as Error).message}).`);
  }
  if (claims.nonce !== expected.nonce) throw refused('подтверждение относится к другому входу (nonce не совпадает).');
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) throw refused('поставщик не сообщил e-mail (нужна область email).');
  return {
    subject: claims.sub as string,
    email: claims.email.trim().toLowerCase(),
    emailVerified: claims.email_verified !== false,
    name: typeof claims.name === 'string' ? claims.name : '',
  };
}
