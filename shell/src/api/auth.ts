import { apiFetch, ApiError, expectSessionAfterRedirect, readTokens, saveTokens } from '@workcloud/shared-ui/core';

export interface PendingInvitation {
  id: string;
  tenant: { id: string; name: string };
  roles: string[];
  invitedBy: string | null;
}

export type LoginResult =
  | { kind: 'ok' }
  | { kind: 'pickTenant'; tenants: { id: string; name: string }[] }
  | { kind: 'invitations'; invitations: PendingInvitation[]; detail: string }
  /** The password was right; a code from the authenticator app is next (or, `enrol`, setting one up first). */
  | { kind: 'secondFactor'; challengeToken: string; enrol: boolean };

/**
 * Signs in; when the person works in several companies the server asks which one. A person with no company
 * yet but with invitations gets them (after a correct password) and signs in by accepting one (`invitationId`).
 */
export async function signIn(email: string, password: string, choice: { tenantId?: string; invitationId?: string } = {}): Promise<LoginResult> {
  try {
    const res = await apiFetch<any>('/api/auth/login', { method: 'POST', body: { email, password, ...choice }, auth: false });
    if (res.tenantRequired) return { kind: 'pickTenant', tenants: res.tenants };
    if (res.secondFactor) return { kind: 'secondFactor', challengeToken: res.challengeToken, enrol: res.secondFactor === 'enrol' };
    saveTokens(res);
    return { kind: 'ok' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 403 && Array.isArray(e.body?.invitations)) return { kind: 'invitations', invitations: e.body.invitations, detail: e.detail };
    throw e;
  }
}

/**
 * Signs in with a passkey: the browser's WebAuthn dialog, then the server checks the answer. The WebAuthn helper is
 * loaded only here, off the first screen. A person of several companies picks one and touches the key again.
 */
export async function signInWithPasskey(tenantId?: string): Promise<LoginResult> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const { challengeId, options } = await apiFetch<any>('/api/auth/passkey/options', { method: 'POST', body: {}, auth: false });
  const response = await startAuthentication({ optionsJSON: options });
  const res = await apiFetch<any>('/api/auth/passkey', { method: 'POST', body: { challengeId, response, ...(tenantId ? { tenantId } : {}) }, auth: false });
  if (res.tenantRequired) return { kind: 'pickTenant', tenants: res.tenants };
  saveTokens(res);
  return { kind: 'ok' };
}

/** A company's identity provider offered on the sign-in page («Войти через <name>»). */
export interface SsoProvider {
  tenantId: string;
  name: string;
  companyName: string;
}

/** The providers for an e-mail's domain, or of one company (its sign-in link /login?company=<id>). */
export async function ssoProviders(by: { email: string } | { company: string }): Promise<SsoProvider[]> {
  const query = 'email' in by ? `email=${encodeURIComponent(by.email)}` : `company=${encodeURIComponent(by.company)}`;
  return (await apiFetch<{ providers: SsoProvider[] }>(`/api/auth/sso/providers?${query}`, { auth: false })).providers;
}

/** Leaves for the provider; it sends the browser back signed in (the refresh cookie) or to a page saying why not. */
export function signInWithProvider(provider: SsoProvider, email: string): void {
  expectSessionAfterRedirect();
  const hint = email.includes('@') ? `&email=${encodeURIComponent(email)}` : '';
  window.location.assign(`/api/auth/sso/start?tenantId=${encodeURIComponent(provider.tenantId)}${hint}`);
}

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

/** The QR code of the authenticator the company requires, while signing in. */
export function enrolDuringSignIn(challengeToken: string): Promise<Enrolment> {
  return apiFetch('/api/auth/login/two-factor/enrol', { method: 'POST', body: { challengeToken }, auth: false });
}

/** The second step: a 6-digit code or a recovery code. When enrolling, the answer carries the recovery codes to show once. */
export async function completeSecondFactor(challengeToken: string, factor: { code: string } | { recoveryCode: string }): Promise<{ recoveryCodes?: string[] }> {
  const res = await apiFetch<any>('/api/auth/login/two-factor', { method: 'POST', body: { challengeToken, ...factor }, auth: false });
  saveTokens(res);
  return { recoveryCodes: res.recoveryCodes };
}

/** «Забыли пароль?»: the server answers the same for any e-mail. */
export async function requestPasswordReset(email: string): Promise<string> {
  const res = await apiFetch<{ detail: string }>('/api/auth/password/forgot', { method: 'POST', body: { email }, auth: false });
  return res.detail;
}

/** A new password by the e-mailed link's token; returns the account's e-mail. */
export async function resetPassword(token: string, password: string): Promise<{ email: string }> {
  return apiFetch('/api/auth/password/reset', { method: 'POST', body: { token, password }, auth: false });
}

export async function signOut(): Promise<void> {
  try {
    if (readTokens()) await apiFetch('/api/auth/logout', { method: 'POST' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  } finally {
    saveTokens(null);
  }
}
