import { baseApi } from '@workcloud/shared-ui';

export type JournalResult = 'success' | 'wrong_password' | 'throttled' | 'two_factor_failed' | 'refused';

export interface JournalEntry {
  id: number;
  at: string;
  email: string;
  userId: string | null;
  fullName: string | null;
  ip: string | null;
  userAgent: string | null;
  result: JournalResult;
  resultTitle: string;
  factor: 'password' | 'totp' | 'recovery_code' | 'sso' | null;
}

export interface JournalFilter {
  userId?: string;
  result?: JournalResult | '';
  from?: string;
  to?: string;
}

export interface TwoFactorPolicy {
  required: 'none' | 'all' | 'roles';
  roleIds: string[];
}

/** Sign-in through the company's identity provider (OpenID Connect); the client secret is never sent back. */
export interface SsoSettings {
  configured: boolean;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  emailDomain: string;
  passwordSignIn: boolean;
  jitRoleId: string | null;
  redirectUri: string;
}

/** What the admin saves; without clientSecret the stored one is kept. */
export type SsoSettingsInput = Omit<SsoSettings, 'configured' | 'clientSecretSet' | 'redirectUri'> & { clientSecret?: string };

/** The query string of a filter: only the fields that are set. */
export function journalQuery(f: JournalFilter & { limit?: number; offset?: number }): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

/** The login journal, the company's second-factor requirement and its identity provider (/api/admin/login-journal, /api/admin/security/…). */
export const signInApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    loginJournal: b.query<{ items: JournalEntry[]; total: number }, JournalFilter & { limit: number; offset: number }>({
      query: (f) => `/api/admin/login-journal?${journalQuery(f)}`,
      keepUnusedDataFor: 0,
    }),
    twoFactorPolicy: b.query<TwoFactorPolicy, void>({ query: () => '/api/admin/security/two-factor', providesTags: ['User'] }),
    updateTwoFactorPolicy: b.mutation<TwoFactorPolicy, TwoFactorPolicy>({
      query: (body) => ({ url: '/api/admin/security/two-factor', method: 'PUT', body }),
      invalidatesTags: ['User'],
    }),
    ssoSettings: b.query<SsoSettings, void>({ query: () => '/api/admin/security/sso', providesTags: ['User'] }),
    saveSsoSettings: b.mutation<SsoSettings, SsoSettingsInput>({
      query: (body) => ({ url: '/api/admin/security/sso', method: 'PUT', body }),
      invalidatesTags: ['User'],
    }),
    removeSsoSettings: b.mutation<void, void>({ query: () => ({ url: '/api/admin/security/sso', method: 'DELETE' }), invalidatesTags: ['User'] }),
    testSsoConnection: b.mutation<{ detail: string }, { issuer: string }>({ query: (body) => ({ url: '/api/admin/security/sso/test', method: 'POST', body }) }),
  }),
});

export const {
  useLoginJournalQuery, useTwoFactorPolicyQuery, useUpdateTwoFactorPolicyMutation, useSsoSettingsQuery, useSaveSsoSettingsMutation, useRemoveSsoSettingsMutation, useTestSsoConnectionMutation
} = signInApi;
