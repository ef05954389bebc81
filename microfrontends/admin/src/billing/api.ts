import { baseApi } from '@workcloud/shared-ui';

/** Money is integer kopecks everywhere below. */
export type CompanyStatus = 'trial' | 'active' | 'past_due' | 'suspended' | 'archived';
export type Provider = 'yookassa' | 'tbank' | 'sber' | 'vtb' | 'sbp';

export interface Subscription {
  status: CompanyStatus;
  trialEndsOn: string | null;
  nextPeriodStart: string | null;
  canceledOn: string | null;
  retainUntil: string | null;
  modules: { code: string; title: string; monthlyPriceKopecks: number }[];
  monthlyKopecks: number;
  pendingCharges: { module: string; onDate: string; amountKopecks: number; description: string }[];
}
export interface Invoice {
  id: string;
  number: string;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  dueOn: string;
  status: 'open' | 'paid' | 'void';
  totalKopecks: number;
  vatKopecks: number;
  paidKopecks: number;
  actId: string | null;
  lines: { description: string; amountKopecks: number }[];
}
export interface Payment {
  id: string;
  invoiceNumber: string | null;
  method: Provider | 'bank';
  status: 'pending' | 'succeeded' | 'canceled' | 'refunded';
  amountKopecks: number;
  refundedKopecks: number;
  paidOn: string | null;
  createdAt: string;
}
export interface BillingNotice {
  id: number;
  at: string;
  kind: string;
  message: string;
}

/** The card automatic payments are charged to (saved at ЮKassa or Т-Банк when paying once). */
export interface SavedCard {
  id: string;
  provider: 'yookassa' | 'tbank';
  providerName: string;
  title: string;
  savedAt: string;
}

/** The company's discount in force (a promo code or the owner's personal discount). */
export interface Discount {
  label: string;
  percent: number | null;
  amountKopecks: number | null;
  months: number | null;
  monthsUsed: number;
}

const api = baseApi.enhanceEndpoints({ addTagTypes: ['Billing'] });

export const companyBillingApi = api.injectEndpoints({
  endpoints: (b) => ({
    subscription: b.query<Subscription, void>({ query: () => '/api/admin/subscription', providesTags: ['Billing'] }),
    // A module is usable at once: the menu (/api/me) and the module list change too.
    addModule: b.mutation<{ chargeKopecks: number }, string>({
      query: (code) => ({ url: `/api/admin/subscription/modules/${code}`, method: 'POST' }),
      invalidatesTags: ['Billing', 'Module', 'Me'],
    }),
    removeModule: b.mutation<{ chargeKopecks: number }, string>({
      query: (code) => ({ url: `/api/admin/subscription/modules/${code}`, method: 'DELETE' }),
      invalidatesTags: ['Billing', 'Module', 'Me'],
    }),
    companyInvoices: b.query<{ items: Invoice[] }, void>({ query: () => '/api/admin/billing/invoices', providesTags: ['Billing'] }),
    companyPayments: b.query<{ items: Payment[] }, void>({ query: () => '/api/admin/billing/payments', providesTags: ['Billing'] }),
    billingNotices: b.query<{ items: BillingNotice[] }, void>({ query: () => '/api/admin/billing/notifications', providesTags: ['Billing'] }),
    payInvoice: b.mutation<{ paymentId: string; confirmationUrl: string; amountKopecks: number }, { id: string; provider: Provider; saveCard?: boolean }>({
      query: ({ id, ...body }) => ({ url: `/api/admin/billing/invoices/${id}/pay`, method: 'POST', body }),
      invalidatesTags: ['Billing'],
    }),
    savedCard: b.query<{ method: SavedCard | null }, void>({ query: () => '/api/admin/billing/saved-card', providesTags: ['Billing'] }),
    discount: b.query<{ discount: Discount | null }, void>({ query: () => '/api/admin/billing/discount', providesTags: ['Billing'] }),
    applyPromoCode: b.mutation<{ discount: Discount | null }, string>({ query: (code) => ({ url: '/api/admin/billing/discount/promo-code', method: 'POST', body: { code } }), invalidatesTags: ['Billing'] }),
    removeSavedCard: b.mutation<{ method: null }, void>({ query: () => ({ url: '/api/admin/billing/saved-card', method: 'DELETE' }), invalidatesTags: ['Billing'] }),
  }),
});

export const { useSubscriptionQuery, useAddModuleMutation, useRemoveModuleMutation, useCompanyInvoicesQuery, useCompanyPaymentsQuery, useBillingNoticesQuery, usePayInvoiceMutation, useSavedCardQuery, useRemoveSavedCardMutation, useDiscountQuery, useApplyPromoCodeMutation } = companyBillingApi;
