import type { OnboardInput } from '@workcloud/shared-core';
import { baseApi } from '@workcloud/shared-ui/core';

export type TenantStatus = 'provisioning' | 'trial' | 'active' | 'past_due' | 'suspended' | 'archived';
export interface TenantRow {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  status: TenantStatus;
  modules: string[];
  monthlyKopecks: number;
  userCount: number;
  lastSignInAt: string | null;
  createdAt: string;
  trialEndsOn: string | null;
}
export interface TenantCard {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  status: TenantStatus;
  schemaVersion: number;
  trialEndsOn: string | null;
  createdAt: string;
  modules: { code: string; enabledAt: string; uiVersionPin: string | null }[];
  users: { email: string; fullName: string; status: string }[];
}
export interface UiVersion {
  version: string;
  remoteEntry: string;
  remoteName: string;
  exposedModule: string;
  isCurrent: boolean;
}
/** A module's price from a day on (kopecks a month, VAT included). */
export interface PriceVersion {
  validFrom: string;
  monthlyPriceKopecks: number;
  createdAt: string | null;
  createdBy: string | null;
}
export interface CatalogueModule {
  code: string;
  title: string;
  titleEn: string;
  description: string;
  /** Today's price. */
  monthlyPriceKopecks: number;
  /** The next price change already set, if any. */
  nextPrice: PriceVersion | null;
  /** Newest first. */
  prices: PriceVersion[];
  alwaysIncluded: boolean;
  ownerOnly: boolean;
  /** The owner offers it to new clients (false: switched off; clients having it keep it). */
  available: boolean;
  /** It has something to run and a UI. */
  built: boolean;
  /** Offered at onboarding and to company admins now: sold separately, available and built. */
  sellable: boolean;
  uiVersions: UiVersion[];
}
export interface ModuleChange {
  code: string;
  title?: string;
  titleEn?: string;
  description?: string;
  available?: boolean;
  monthlyPriceKopecks?: number;
  /** 'YYYY-MM-DD', today or later; today when left out. */
  priceFrom?: string;
}

/** The platform owner's endpoints, added to the page's shared RTK Query API. */
export const ownerApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    tenants: b.query<{ items: TenantRow[]; total: number }, { q?: string; status?: string; limit: number; offset: number }>({
      query: (params) => ({ url: '/api/owner/tenants', params }),
      providesTags: ['Tenant'],
    }),
    tenant: b.query<TenantCard, string>({ query: (id) => `/api/owner/tenants/${id}`, providesTags: ['Tenant'] }),
    onboard: b.mutation<{ id: string; status: string }, OnboardInput>({
      query: (body) => ({ url: '/api/owner/tenants', method: 'POST', body }),
      invalidatesTags: ['Tenant'],
    }),
    setTenantSuspended: b.mutation<unknown, { id: string; suspended: boolean }>({
      query: ({ id, suspended }) => ({ url: `/api/owner/tenants/${id}/${suspended ? 'suspend' : 'resume'}`, method: 'POST' }),
      invalidatesTags: ['Tenant'],
    }),
    pinUi: b.mutation<unknown, { id: string; code: string; version: string | null }>({
      query: ({ id, code, version }) => ({ url: `/api/owner/tenants/${id}/modules/${code}/ui-pin`, method: 'PUT', body: { version } }),
      invalidatesTags: ['Tenant'],
    }),
    catalogue: b.query<CatalogueModule[], void>({ query: () => '/api/owner/modules', providesTags: ['OwnerModule'] }),
    updateModule: b.mutation<CatalogueModule, ModuleChange>({
      query: ({ code, ...body }) => ({ url: `/api/owner/modules/${code}`, method: 'PUT', body }),
      invalidatesTags: ['OwnerModule', 'Tenant'],
    }),
    addUiVersion: b.mutation<CatalogueModule, { code: string; version: string; remoteEntry: string; remoteName?: string; exposedModule?: string; makeCurrent: boolean }>({
      query: ({ code, ...body }) => ({ url: `/api/owner/modules/${code}/ui-versions`, method: 'POST', body }),
      invalidatesTags: ['OwnerModule'],
    }),
  }),
});

export const { useTenantsQuery, useTenantQuery, useOnboardMutation, useSetTenantSuspendedMutation, usePinUiMutation, useCatalogueQuery, useUpdateModuleMutation, useAddUiVersionMutation } = ownerApi;
