import { baseApi } from '@workcloud/shared-ui';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  roleId: string;
  roleName: string | null;
  allowedCidrs: string[];
  requestsPerMinute: number;
  expiresAt: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  status: 'active' | 'expired' | 'revoked';
}
export interface IssueApiKey {
  name: string;
  roleId: string;
  expiresAt: string;
  allowedCidrs: string[];
  requestsPerMinute: number;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
  pending: number;
  failed: number;
}
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  body: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  userId: string | null;
  userEmail: string | null;
  userName: string | null;
  apiKeyId: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}
export interface AuditFilter {
  from?: string;
  to?: string;
  person?: string;
  entity?: string;
  action?: string;
}
export interface AuditVerify {
  ok: boolean;
  rows: number;
  problem: { kind: string; id: string | null; fromSeq: number; toSeq: number; message: string } | null;
  checkedAt: string;
}

/** The query string of a filter: only the fields that are set. */
export function queryOf(f: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

/** «API-ключи», «Вебхуки» and «Журнал действий» (/api/admin/api-keys, /api/admin/webhooks, /api/admin/audit-log). */
export const securityPagesApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    apiKeys: b.query<ApiKey[], void>({ query: () => '/api/admin/api-keys', keepUnusedDataFor: 0 }),
    issueApiKey: b.mutation<ApiKey & { key: string }, IssueApiKey>({ query: (body) => ({ url: '/api/admin/api-keys', method: 'POST', body }) }),
    revokeApiKey: b.mutation<ApiKey, string>({ query: (id) => ({ url: `/api/admin/api-keys/${id}/revoke`, method: 'POST', body: {} }) }),
    webhooks: b.query<Webhook[], void>({ query: () => '/api/admin/webhooks', keepUnusedDataFor: 0 }),
    webhookEvents: b.query<{ type: string; title: string; titleEn: string }[], void>({ query: () => '/api/admin/webhooks/events' }),
    createWebhook: b.mutation<Webhook & { secret: string }, { url: string; events: string[] }>({ query: (body) => ({ url: '/api/admin/webhooks', method: 'POST', body }) }),
    deleteWebhook: b.mutation<Webhook, string>({ query: (id) => ({ url: `/api/admin/webhooks/${id}`, method: 'DELETE' }) }),
    deliveries: b.query<{ items: WebhookDelivery[]; total: number }, { webhookId: string; limit: number; offset: number }>({
      query: ({ webhookId, ...page }) => `/api/admin/webhooks/${webhookId}/deliveries?${queryOf(page)}`,
      keepUnusedDataFor: 0,
    }),
    resendDelivery: b.mutation<WebhookDelivery, string>({ query: (id) => ({ url: `/api/admin/webhooks/deliveries/${id}/resend`, method: 'POST', body: {} }) }),
    auditLog: b.query<{ items: AuditEntry[]; total: number }, AuditFilter & { limit: number; offset: number }>({
      query: (f) => `/api/admin/audit-log?${queryOf(f)}`,
      keepUnusedDataFor: 0,
    }),
    auditActions: b.query<string[], void>({ query: () => '/api/admin/audit-log/actions', keepUnusedDataFor: 0 }),
    verifyAudit: b.mutation<AuditVerify, void>({ query: () => ({ url: '/api/admin/audit-log/verify', method: 'GET' }) }),
  }),
});

export const {
  useApiKeysQuery,
  useIssueApiKeyMutation,
  useRevokeApiKeyMutation,
  useWebhooksQuery,
  useWebhookEventsQuery,
  useCreateWebhookMutation,
  useDeleteWebhookMutation,
  useDeliveriesQuery,
  useResendDeliveryMutation,
  useAuditLogQuery,
  useAuditActionsQuery,
  useVerifyAuditMutation,
} = securityPagesApi;
