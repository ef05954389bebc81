import { baseApi } from '@workcloud/shared-ui/core';

export interface SecuritySettings {
  /** The company's minimum password length (≥ the platform's). */
  passwordMinLength: number;
  platformMinLength: number;
}

/** The company's demands on its people's passwords (GET/PUT /api/admin/security). */
export const securityApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    security: b.query<SecuritySettings, void>({ query: () => '/api/admin/security', providesTags: ['User'] }),
    updateSecurity: b.mutation<SecuritySettings, { passwordMinLength: number }>({
      query: (body) => ({ url: '/api/admin/security', method: 'PUT', body }),
      invalidatesTags: ['User'],
    }),
  }),
});

export const { useSecurityQuery, useUpdateSecurityMutation } = securityApi;
