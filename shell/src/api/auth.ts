import { apiFetch, ApiError, readTokens, saveTokens } from '@workcloud/shared-ui/core';

export type LoginResult = { kind: 'ok' } | { kind: 'pickTenant'; tenants: { id: string; name: string }[] };

/** Signs in; when the person works in several companies the server asks which one. */
export async function signIn(email: string, password: string, tenantId?: string): Promise<LoginResult> {
  const res = await apiFetch<any>('/api/auth/login', { method: 'POST', body: { email, password, tenantId }, auth: false });
  if (res.tenantRequired) return { kind: 'pickTenant', tenants: res.tenants };
  saveTokens(res);
  return { kind: 'ok' };
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
