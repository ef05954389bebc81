import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/**
 * A local OpenID Connect provider for tests, following OpenID Connect Core 1.0 and Discovery 1.0 with PKCE (RFC 7636):
 * `/.well-known/openid-configuration`, `/authorize` (a consent page where the person types the e-mail to sign in as,
 * then a redirect with `code` and `state`), `/token` (client_secret_basic or _post, redirect_uri and code_verifier
 * checked; answers a RS256 id_token with the nonce) and `/jwks`. `nextToken` bends the next id_token the way a broken
 * or hostile provider would (another issuer, expired, another nonce, signed by a key not in the JWKS).
 */
export interface FakeOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Changes to the next id_token only. */
  nextToken: { iss?: string; nonce?: string; expiredSecondsAgo?: number; foreignKey?: boolean; emailVerified?: boolean } | null;
  /** Submits the consent page as this e-mail (what the browser would): returns the redirect back to the client, with code and state. */
  consent(authorizeUrl: string, email: string): Promise<string>;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  nonce?: string;
  codeChallenge: string;
  email: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startFakeOidc(options: { clientId?: string; clientSecret?: string } = {}): Promise<FakeOidc> {
  const clientId = options.clientId ?? 'workcloud-test';
  const clientSecret = options.clientSecret ?? 'fake-idp-secret-' + randomBytes(8).toString('hex');
  const key = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(key.publicKey)), kid: 'fake-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, Grant>();
  let issuer = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: http.IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return new URLSearchParams(text);
  };

  /** The authorization request's checks (Core §3.1.2.2), then a code bound to the PKCE challenge (RFC 7636 §4.4). */
  const grant = (params: URLSearchParams, email: string): string => {
    if (params.get('response_type') !== 'code' || params.get('client_id') !== clientId || !params.get('scope')?.split(' ').includes('openid'))
      throw new Error('invalid_request: response_type=code, client_id and scope openid are required');
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) throw new Error('invalid_request: PKCE S256 is required');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { clientId, redirectUri: params.get('redirect_uri')!, nonce: params.get('nonce') ?? undefined, codeChallenge: params.get('code_challenge')!, email });
    const back = new URL(params.get('redirect_uri')!);
    back.searchParams.set('code', code);
    if (params.get('state')) back.searchParams.set('state', params.get('state')!);
    return back.toString();
  };

  const signIdToken = async (g: Grant) => {
    const bend = fake.nextToken ?? {};
    fake.nextToken = null;
    const now = Math.floor(Date.now() / 1000) - (bend.expiredSecondsAgo ? bend.expiredSecondsAgo + 3600 : 0);
    return new SignJWT({ nonce: bend.nonce ?? g.nonce, email: g.email, email_verified: bend.emailVerified ?? true, name: 'Сотрудник ' + g.email.split('@')[0] })
      .setProtectedHeader({ alg: 'RS256', kid: 'fake-1' })
      .setIssuer(bend.iss ?? issuer)
      .setSubject(createHash('sha256').update(g.email).digest('hex').slice(0, 16))
      .setAudience(g.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign((bend.foreignKey ? foreign.privateKey : key.privateKey) as CryptoKey);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url!, issuer);
      if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration')
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid', 'email', 'profile'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          code_challenge_methods_supported: ['S256'],
        });
      if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
      if (req.method === 'GET' && url.pathname === '/authorize') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Тестовый поставщик входа</title></head><body><main>
<h1>Тестовый поставщик входа</h1><form method="post" action="/authorize">
<input type="hidden" name="query" value="${escapeHtml(url.search.slice(1))}">
<label>Рабочий e-mail <input name="email" type="email" required></label>
<button type="submit">Разрешить вход</button></form></main></body></html>`);
      }
      if (req.method === 'POST' && url.pathname === '/authorize') {
        const form = await readBody(req);
        res.writeHead(302, { location: grant(new URLSearchParams(form.get('query') ?? ''), form.get('email') ?? '') });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        const form = await readBody(req);
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
        const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
        if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
        const g = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (form.get('grant_type') !== 'authorization_code' || !g || g.redirectUri !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
        if (createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== g.codeChallenge)
          return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        return json(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 3600, id_token: await signIdToken(g) });
      }
      json(res, 404, { error: 'not_found' });
    } catch (e) {
      json(res, 400, { error: (e as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const fake: FakeOidc = {
    issuer,
    clientId,
    clientSecret,
    nextToken: null,
    async consent(authorizeUrl: string, email: string) {
      const form = new URLSearchParams({ query: new URL(authorizeUrl).search.slice(1), email });
      const res = await fetch(`${issuer}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
      if (res.status !== 302) throw new Error(`fake IdP refused the authorization request: ${await res.text()}`);
      return res.headers.get('location')!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
