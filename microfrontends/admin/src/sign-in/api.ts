import type { JournalEntry, JournalFilter as ApiJournalFilter, JournalResult, SsoSettings, SsoSettingsInput, TwoFactorPolicy } from '@workcloud/shared-core';
import { baseApi } from '@workcloud/shared-ui';

/** The admin's filter: '' is «any result» in the form. */
export type JournalFilter = Omit<ApiJournalFilter, 'result'> & { result?: JournalResult | '' };
export type { JournalEntry, JournalResult, SsoSettings, SsoSettingsInput, TwoFactorPolicy };
export interface SignInLink {
  slug: string | null;
  url: string | null;
}

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
    // The company's own sign-in address /login/<slug>: it starts the company's SSO at once.
    signInLink: b.query<SignInLink, void>({ query: () => '/api/admin/security/sign-in-link', providesTags: ['User'] }),
    saveSignInLink: b.mutation<SignInLink, { slug: string | null }>({
      query: (body) => ({ url: '/api/admin/security/sign-in-link', method: 'PUT', body }),
      invalidatesTags: ['User'],
    }),
  }),
});

export const {
  useLoginJournalQuery, useTwoFactorPolicyQuery, useUpdateTwoFactorPolicyMutation, useSsoSettingsQuery, useSaveSsoSettingsMutation, useRemoveSsoSettingsMutation, useTestSsoConnectionMutation,
  useSignInLinkQuery, useSaveSignInLinkMutation
} = signInApi;
