import { baseApi } from '@workcloud/shared-ui/core';

export interface RoleRef {
  id: string;
  code: string | null;
  name: string;
}
export interface TenantUser {
  id: string;
  email: string;
  fullName: string;
  status: 'active' | 'deactivated';
  joinedAt: string;
  roles: RoleRef[];
}
export interface ErasureRequest {
  id: string;
  requestedAt: string;
  person: { id: string; email: string; fullName: string };
}
export interface RoleRule {
  action: string;
  subject: string | string[];
  conditions?: Record<string, unknown>;
  fields?: string[];
  inverted?: boolean;
}
export interface Role extends RoleRef {
  description: string;
  rules: RoleRule[];
  isSystem: boolean;
  userCount: number;
}
export interface Subjects {
  actions: { action: string; title: string; titleEn: string }[];
  subjects: { subject: string; title: string; titleEn: string; module: string; actions: string[]; fields: string[] }[];
}
export interface CompanyModule {
  code: string;
  title: string;
  titleEn: string;
  description: string;
  /** Today's price (kopecks a month, VAT included). */
  monthlyPriceKopecks: number;
  /** A price change the owner has set for a later day. */
  nextPrice?: { validFrom: string; monthlyPriceKopecks: number } | null;
  alwaysIncluded: boolean;
  enabled: boolean;
  /** The company may add it now (false: no longer sold; the company keeps it). */
  offered?: boolean;
  /** Codes of the modules it needs (e.g. ['trade']), when the server tells. */
  depends?: string[];
}

/** The company administrator's endpoints, added to the page's shared RTK Query API. */
export const adminApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    users: b.query<{ items: TenantUser[]; total: number }, { q?: string; status?: string; limit: number; offset: number }>({
      query: (params) => ({ url: '/api/admin/users', params }),
      providesTags: ['User'],
    }),
    // The same answer whether or not the e-mail already has a WorkCloud account (that person accepts an invitation).
    inviteUser: b.mutation<{ id: string; email: string; status: 'invited' }, { email: string; fullName: string; password?: string; roleIds: string[] }>({
      query: (body) => ({ url: '/api/admin/users', method: 'POST', body }),
      invalidatesTags: ['User', 'Role'],
    }),
    // Only the membership: the name, e-mail and password belong to the person.
    updateUser: b.mutation<TenantUser, { id: string; roleIds?: string[] }>({
      query: ({ id, ...body }) => ({ url: `/api/admin/users/${id}`, method: 'PATCH', body }),
      invalidatesTags: ['User', 'Role'],
    }),
    setUserActive: b.mutation<TenantUser, { id: string; active: boolean }>({
      query: ({ id, active }) => ({ url: `/api/admin/users/${id}/${active ? 'activate' : 'deactivate'}`, method: 'POST' }),
      invalidatesTags: ['User'],
    }),
    // Every session of the member in this company (a lost laptop): their tokens stop working at once.
    endUserSessions: b.mutation<{ ended: number }, string>({
      query: (id) => ({ url: `/api/admin/users/${id}/sessions/end`, method: 'POST' }),
    }),
    // 152-ФЗ: people who asked to erase their data; carrying a request out turns them into «Удалённый пользователь №N».
    erasureRequests: b.query<ErasureRequest[], void>({ query: () => '/api/admin/erasure-requests', providesTags: ['User'] }),
    processErasure: b.mutation<{ id: string; fullName: string }, string>({
      query: (id) => ({ url: `/api/admin/erasure-requests/${id}/process`, method: 'POST' }),
      invalidatesTags: ['User'],
    }),
    roles: b.query<Role[], void>({ query: () => '/api/admin/roles', providesTags: ['Role'] }),
    createRole: b.mutation<Role, { name: string; description: string; rules: RoleRule[] }>({
      query: (body) => ({ url: '/api/admin/roles', method: 'POST', body }),
      invalidatesTags: ['Role'],
    }),
    updateRole: b.mutation<Role, { id: string; name: string; description: string; rules: RoleRule[] }>({
      query: ({ id, ...body }) => ({ url: `/api/admin/roles/${id}`, method: 'PUT', body }),
      invalidatesTags: ['Role', 'User'],
    }),
    deleteRole: b.mutation<void, string>({
      query: (id) => ({ url: `/api/admin/roles/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Role', 'User'],
    }),
    subjects: b.query<Subjects, void>({ query: () => '/api/admin/subjects' }),
    companyModules: b.query<CompanyModule[], void>({ query: () => '/api/admin/modules', providesTags: ['Module'] }),
  }),
});

export const {
  useUsersQuery,
  useErasureRequestsQuery,
  useProcessErasureMutation,
  useInviteUserMutation,
  useUpdateUserMutation,
  useSetUserActiveMutation,
  useEndUserSessionsMutation,
  useRolesQuery,
  useCreateRoleMutation,
  useUpdateRoleMutation,
  useDeleteRoleMutation,
  useSubjectsQuery,
  useCompanyModulesQuery,
} = adminApi;
