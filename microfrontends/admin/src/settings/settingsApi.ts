import { baseApi } from '@workcloud/shared-ui';

export interface CustomField {
  id: string;
  target: string;
  code: string;
  title: string;
  type: 'string' | 'integer' | 'decimal' | 'date' | 'boolean' | 'enum' | 'ref';
  values: Record<string, string> | null;
  ref: string | null;
  required: boolean;
}

/** The company's accounting settings: its own fields on catalogs and documents, the closed period, its time zone. */
export const settingsApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    customFields: b.query<CustomField[], void>({ query: () => ({ url: '/api/admin/custom-fields' }), providesTags: ['Module'] }),
    addCustomField: b.mutation<CustomField, Omit<CustomField, 'id' | 'values' | 'ref'> & { values?: Record<string, string>; ref?: string }>({
      query: (body) => ({ url: '/api/admin/custom-fields', method: 'POST', body }),
      invalidatesTags: ['Module'],
    }),
    removeCustomField: b.mutation<void, string>({ query: (id) => ({ url: `/api/admin/custom-fields/${id}`, method: 'DELETE' }), invalidatesTags: ['Module'] }),
    periodLock: b.query<{ closedThrough: string | null }, void>({ query: () => ({ url: '/api/admin/period-lock' }), providesTags: ['Module'] }),
    setPeriodLock: b.mutation<{ closedThrough: string | null }, { closedThrough: string | null }>({
      query: (body) => ({ url: '/api/admin/period-lock', method: 'PUT', body }),
      invalidatesTags: ['Module'],
    }),
    timeZone: b.query<CompanyTimeZone, void>({ query: () => ({ url: '/api/admin/company/time-zone' }), providesTags: ['Module'] }),
    setTimeZone: b.mutation<CompanyTimeZone, { timeZone: string }>({
      query: (body) => ({ url: '/api/admin/company/time-zone', method: 'PUT', body }),
      invalidatesTags: ['Module'],
    }),
  }),
});

/** The company's time zone and today's date there (the date documents without one get). */
export interface CompanyTimeZone {
  timeZone: string;
  today: string;
}

export const {
  useCustomFieldsQuery, useAddCustomFieldMutation, useRemoveCustomFieldMutation, usePeriodLockQuery, useSetPeriodLockMutation, useTimeZoneQuery,
  useSetTimeZoneMutation,
} = settingsApi;
