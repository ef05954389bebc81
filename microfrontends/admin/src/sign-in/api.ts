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
  factor: 'password' | 'totp' | 'recovery_code' | null;
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

/** The query string of a filter: only the fields that are set. */
export function journalQuery(f: JournalFilter & { limit?: number; offset?: number }): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

/** The login journal and the company's second-factor requirement (/api/admin/login-journal, /api/admin/security/two-factor). */
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
  }),
});

export const { useLoginJournalQuery, useTwoFactorPolicyQuery, useUpdateTwoFactorPolicyMutation } = signInApi;
