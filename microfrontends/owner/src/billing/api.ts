import type { BillingSettings } from '@workcloud/shared-core';
import { baseApi, readTokens, refreshOnce } from '@workcloud/shared-ui';

/** Money is integer kopecks everywhere below (the backend sends numbers, never rubles). */
export type ClientStatus = 'provisioning' | 'trial' | 'active' | 'past_due' | 'suspended' | 'archived';
export type InvoiceStatus = 'open' | 'paid' | 'void';
export type PaymentStatus = 'pending' | 'succeeded' | 'canceled' | 'refunded';

export interface BillingClient {
  id: string;
  name: string;
  inn: string;
  status: ClientStatus;
  trialEndsOn: string | null;
  canceledOn: string | null;
  retainUntil: string | null;
  modules: string[];
  monthlyKopecks: number;
  balanceKopecks: number;
  lastPaymentAt: string | null;
  lastSignInAt: string | null;
  activeUsers30d: number;
  signIns30d: number;
}
export interface InvoiceLine {
  kind: 'monthly' | 'adjustment';
  module: string | null;
  description: string;
  days: number | null;
  daysInMonth: number | null;
  amountKopecks: number;
  vatKopecks: number;
}
export interface Invoice {
  id: string;
  number: string;
  tenantId: string;
  tenantName: string;
  tenantInn: string;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  dueOn: string;
  status: InvoiceStatus;
  totalKopecks: number;
  vatKopecks: number;
  paidKopecks: number;
  paidAt: string | null;
  actId: string | null;
  lines: InvoiceLine[];
}
export interface Payment {
  id: string;
  tenantId: string | null;
  tenantName: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  method: 'yookassa' | 'tbank' | 'sber' | 'vtb' | 'sbp' | 'bank';
  status: PaymentStatus;
  amountKopecks: number;
  refundedKopecks: number;
  paidAt: string | null;
  paidOn: string | null;
  payerName: string | null;
  payerInn: string | null;
  purpose: string | null;
  createdAt: string;
}
export interface BillingEvent {
  id: number;
  at: string;
  onDate: string;
  kind: string;
  message: string;
}
export interface ClientCard {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  status: ClientStatus;
  trialEndsOn: string | null;
  createdAt: string;
  account: { nextPeriodStart: string; firstPaidAt: string | null; canceledOn: string | null; retainUntil: string | null; archivedOn: string | null } | null;
  /** Received less refunds minus invoiced (and a cancelled client's credits); negative = the client owes. */
  balanceKopecks: number;
  subscription: { monthlyKopecks: number; modules: { code: string; title: string; monthlyPriceKopecks: number }[]; pendingCharges: { description: string; amountKopecks: number }[] };
  invoices: Invoice[];
  payments: Payment[];
  refunds: { id: string; paymentId: string; amountKopecks: number; refundedOn: string; reason: string; status: 'pending' | 'succeeded' | 'failed'; error: string | null }[];
  events: BillingEvent[];
}
export interface MonthMetrics {
  month: string;
  mrrKopecks: number;
  arrKopecks: number;
  newMrrKopecks: number;
  reactivationMrrKopecks: number;
  expansionMrrKopecks: number;
  contractionMrrKopecks: number;
  churnedMrrKopecks: number;
  payingClients: number;
  logoChurn: number | null;
  revenueChurn: number | null;
  arpuKopecks: number | null;
  /** Signed up in the month (Moscow date), and paid their first Счёт in full in it. */
  newClients: number;
  newPayingClients: number;
  trialsEnded: number;
  trialsConverted: number;
  trialConversion: number | null;
  dau: number;
  mau: number;
  dauMau: number | null;
  revenueByModuleKopecks: Record<string, number>;
}
export interface Metrics {
  months: MonthMetrics[];
  ltvKopecks: number | null;
  nps: { responses: number; promoters: number; passives: number; detractors: number; score: number | null };
}
/** GET /api/owner/billing/payments/attention: a payment of another amount than its Счёт asked. */
export interface AttentionItem {
  id: string;
  tenantId: string | null;
  tenantName: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  invoiceStatus: InvoiceStatus | null;
  invoiceTotalKopecks: number | null;
  invoicePaidKopecks: number | null;
  method: Payment['method'];
  requestedKopecks: number;
  receivedKopecks: number;
  /** received − requested: negative = short, positive = over. */
  differenceKopecks: number;
  reason: string;
  paidAt: string | null;
}
/** note: only a comment; refund: the excess back through the bank; carry: the excess to the next Счёт. */
export type AttentionAction = 'note' | 'refund' | 'carry';

export type { BillingSettings };

/** A promo code: `percent` or `amountKopecks` off each month, for `months` Счета (null: for ever), on `modules` (null: all). */
export interface PromoCode {
  id: string;
  code: string;
  percent: number | null;
  amountKopecks: number | null;
  months: number | null;
  modules: string[] | null;
  validUntil: string | null;
  maxUses: number | null;
  uses: number;
}
export type NewPromoCode = Omit<PromoCode, 'id' | 'uses'>;
/** A client's discount in force (personal or by a promo code); `label` is how the Счёт names it. */
export interface ClientDiscount {
  id: number;
  percent: number | null;
  amountKopecks: number | null;
  months: number | null;
  modules: string[] | null;
  label: string;
  monthsUsed: number;
  appliedOn: string;
  comment: string;
}
export interface PersonalDiscount {
  percent: number | null;
  amountKopecks: number | null;
  months: number | null;
  modules: string[] | null;
  comment: string;
}
export interface StatementResult {
  documents: number;
  credited: number;
  duplicates: number;
  matched: { paymentId: string; invoiceNumber: string; amountKopecks: number }[];
  unmatched: { paymentId: string; payerName: string; payerInn: string; amountKopecks: number; purpose: string }[];
}

export type MailStatus = 'pending' | 'sent' | 'failed';
/** One e-mail of platform.mail_outbox as GET /api/owner/mail lists it (one row per recipient). */
export interface MailItem {
  id: number;
  createdAt: string;
  /** 'billing.invoice_issued' | 'billing.reminder' | 'billing.suspended' | 'billing.resumed' | … */
  kind: string;
  eventKey: string;
  tenantId: string | null;
  tenantName: string | null;
  recipient: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  attachments: { source: string; id: string }[];
}
/** GET /api/owner/mail/:id: the list's fields and the whole letter. */
export interface MailDetail extends MailItem {
  text: string;
  html: string;
  messageId: string | null;
}

/**
 * Billing's own cache tag, so every money-changing action refreshes every billing list at once.
 * 'Mail' is the e-mail list's: a retry refreshes it alone (the billing cycle, which writes mails,
 * refreshes it through 'Billing').
 */
const api = baseApi.enhanceEndpoints({ addTagTypes: ['Billing', 'Mail'] });

export const ownerBillingApi = api.injectEndpoints({
  endpoints: (b) => ({
    billingClients: b.query<{ items: BillingClient[] }, void>({ query: () => '/api/owner/billing/clients', providesTags: ['Billing'] }),
    billingClient: b.query<ClientCard, string>({ query: (id) => `/api/owner/billing/clients/${id}`, providesTags: ['Billing'] }),
    cancelClient: b.mutation<unknown, string>({ query: (id) => ({ url: `/api/owner/billing/clients/${id}/cancel`, method: 'POST' }), invalidatesTags: ['Billing', 'Tenant'] }),
    archiveClient: b.mutation<unknown, { id: string; force: boolean }>({
      query: ({ id, force }) => ({ url: `/api/owner/billing/clients/${id}/archive`, method: 'POST', body: { force } }),
      invalidatesTags: ['Billing', 'Tenant'],
    }),
    invoices: b.query<{ items: Invoice[] }, { status?: string }>({ query: (params) => ({ url: '/api/owner/billing/invoices', params }), providesTags: ['Billing'] }),
    overdue: b.query<{ items: Invoice[] }, void>({ query: () => '/api/owner/billing/overdue', providesTags: ['Billing'] }),
    voidInvoice: b.mutation<unknown, { id: string; reason: string }>({
      query: ({ id, reason }) => ({ url: `/api/owner/billing/invoices/${id}/void`, method: 'POST', body: { reason } }),
      invalidatesTags: ['Billing'],
    }),
    payments: b.query<{ items: Payment[] }, { unmatched?: boolean }>({
      query: ({ unmatched }) => ({ url: '/api/owner/billing/payments', params: { unmatched: unmatched ? 'true' : undefined } }),
      providesTags: ['Billing'],
    }),
    matchPayment: b.mutation<unknown, { id: string; invoiceId: string }>({
      query: ({ id, invoiceId }) => ({ url: `/api/owner/billing/payments/${id}/match`, method: 'POST', body: { invoiceId } }),
      invalidatesTags: ['Billing'],
    }),
    refundPayment: b.mutation<unknown, { id: string; amountKopecks: number; reason: string }>({
      query: ({ id, ...body }) => ({ url: `/api/owner/billing/payments/${id}/refunds`, method: 'POST', body }),
      invalidatesTags: ['Billing'],
    }),
    attention: b.query<{ items: AttentionItem[] }, void>({ query: () => '/api/owner/billing/payments/attention', providesTags: ['Billing'] }),
    resolveAttention: b.mutation<{ resolution: string; refundId: string | null; carriedToInvoiceId: string | null }, { id: string; action: AttentionAction; comment: string }>({
      query: ({ id, ...body }) => ({ url: `/api/owner/billing/payments/${id}/attention/resolve`, method: 'POST', body }),
      invalidatesTags: ['Billing'],
    }),
    testClock: b.query<{ enabled: boolean; today: string | null }, string>({ query: (id) => `/api/owner/billing/clients/${id}/test-clock`, providesTags: ['Billing'] }),
    advanceTestClock: b.mutation<{ today: string; invoicesIssued: number; errors: { tenantId: string; error: string }[] }, { id: string; date: string }>({
      query: ({ id, date }) => ({ url: `/api/owner/billing/clients/${id}/test-clock`, method: 'POST', body: { date } }),
      invalidatesTags: ['Billing', 'Tenant'],
    }),
    clearTestClock: b.mutation<unknown, string>({ query: (id) => ({ url: `/api/owner/billing/clients/${id}/test-clock`, method: 'DELETE' }), invalidatesTags: ['Billing'] }),
    runCycle: b.mutation<{ today: string; invoicesIssued: number; errors: { tenantId: string; error: string }[] }, void>({
      query: () => ({ url: '/api/owner/billing/run-cycle', method: 'POST' }),
      invalidatesTags: ['Billing', 'Tenant'],
    }),
    metrics: b.query<Metrics, { from: string; to: string }>({ query: (params) => ({ url: '/api/owner/billing/metrics', params: { ...params } }), providesTags: ['Billing'] }),
    billingSettings: b.query<BillingSettings, void>({ query: () => '/api/owner/billing/settings', providesTags: ['Billing'] }),
    saveBillingSettings: b.mutation<BillingSettings, BillingSettings>({
      query: (body) => ({ url: '/api/owner/billing/settings', method: 'PUT', body }),
      invalidatesTags: ['Billing'],
    }),
    promoCodes: b.query<{ items: PromoCode[] }, void>({ query: () => '/api/owner/billing/promo-codes', providesTags: ['Billing'] }),
    applyClientPromoCode: b.mutation<unknown, { id: string; code: string }>({
      query: ({ id, code }) => ({ url: `/api/owner/billing/clients/${id}/discount/promo-code`, method: 'POST', body: { code } }),
      invalidatesTags: ['Billing'],
    }),
    createPromoCode: b.mutation<PromoCode, NewPromoCode>({ query: (body) => ({ url: '/api/owner/billing/promo-codes', method: 'POST', body }), invalidatesTags: ['Billing'] }),
    discounts: b.query<{ items: (ClientDiscount & { tenantId: string; tenantName: string })[] }, void>({ query: () => '/api/owner/billing/discounts', providesTags: ['Billing'] }),
    clientDiscount: b.query<{ discount: ClientDiscount | null }, string>({ query: (id) => `/api/owner/billing/clients/${id}/discount`, providesTags: ['Billing'] }),
    setClientDiscount: b.mutation<{ discount: ClientDiscount | null }, PersonalDiscount & { id: string }>({
      query: ({ id, ...body }) => ({ url: `/api/owner/billing/clients/${id}/discount`, method: 'PUT', body }),
      invalidatesTags: ['Billing'],
    }),
    endClientDiscount: b.mutation<{ discount: null }, string>({ query: (id) => ({ url: `/api/owner/billing/clients/${id}/discount`, method: 'DELETE' }), invalidatesTags: ['Billing'] }),
    mails: b.query<{ items: MailItem[]; total: number }, { status?: MailStatus; tenantId?: string; limit: number; offset: number }>({
      query: (params) => ({ url: '/api/owner/mail', params: { ...params } }),
      providesTags: ['Billing', 'Mail'],
    }),
    mail: b.query<MailDetail, number>({ query: (id) => `/api/owner/mail/${id}`, providesTags: ['Billing', 'Mail'] }),
    // Refreshes on a refusal too: a 409 means the mail went out meanwhile, and the list should say so.
    retryMail: b.mutation<MailItem, number>({ query: (id) => ({ url: `/api/owner/mail/${id}/retry`, method: 'POST' }), invalidatesTags: ['Mail'] }),
  }),
});

export const {
  useBillingClientsQuery,
  useBillingClientQuery,
  useCancelClientMutation,
  useArchiveClientMutation,
  useInvoicesQuery,
  useOverdueQuery,
  useVoidInvoiceMutation,
  usePaymentsQuery,
  useMatchPaymentMutation,
  useRefundPaymentMutation,
  useAttentionQuery,
  useResolveAttentionMutation,
  useRunCycleMutation,
  useTestClockQuery,
  useAdvanceTestClockMutation,
  useClearTestClockMutation,
  useMetricsQuery,
  useBillingSettingsQuery,
  useSaveBillingSettingsMutation,
  usePromoCodesQuery,
  useApplyClientPromoCodeMutation,
  useCreatePromoCodeMutation,
  useDiscountsQuery,
  useClientDiscountQuery,
  useSetClientDiscountMutation,
  useEndClientDiscountMutation,
  useMailsQuery,
  useMailQuery,
  useRetryMailMutation,
} = ownerBillingApi;

/**
 * Sends a bank statement file as it is (it is windows-1251: it must not be re-encoded as JSON or
 * text), which the shared apiFetch cannot do. Same bearer token and one refresh on 401.
 */
export async function uploadStatement(file: File): Promise<StatementResult> {
  const send = () =>
    fetch('/api/owner/billing/bank-statements', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${readTokens()?.accessToken ?? ''}` },
      body: file,
    });
  let res = await send();
  if (res.status === 401 && (await refreshOnce())) res = await send();
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.detail ?? `Ошибка ${res.status}`);
  return body as StatementResult;
}
