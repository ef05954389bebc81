import { Loading } from '@workcloud/shared-ui';
import { lazy, Suspense } from 'react';

// Loaded when first opened: the owner console's first screen (the tenants list) stays as small as it
// was, and the charts library comes only with the metrics.
const AttentionPage = lazy(() => import('./AttentionPage').then((m) => ({ default: m.AttentionPage })));
const ClientsPage = lazy(() => import('./ClientsPage').then((m) => ({ default: m.ClientsPage })));
const ClientPage = lazy(() => import('./ClientPage').then((m) => ({ default: m.ClientPage })));
const InvoicesPage = lazy(() => import('./InvoicesPage').then((m) => ({ default: m.InvoicesPage })));
const MailPage = lazy(() => import('./MailPage').then((m) => ({ default: m.MailPage })));
const MetricsPage = lazy(() => import('./MetricsPage'));
const PromoCodesPage = lazy(() => import('./PromoCodesPage').then((m) => ({ default: m.PromoCodesPage })));
const SettingsPage = lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage })));

/** The owner console's «Биллинг» pages: /m/owner/billing/<page>[/<id>]. */
export function BillingSection({ parts }: { parts: string[] }) {
  return <Suspense fallback={<Loading />}>{billingPage(parts[0], parts[1])}</Suspense>;
}

function billingPage(page: string | undefined, id: string | undefined) {
  if (page === 'clients' && id) return <ClientPage id={id} />;
  if (page === 'invoices') return <InvoicesPage />;
  if (page === 'attention') return <AttentionPage />;
  if (page === 'mail') return <MailPage />;
  if (page === 'metrics') return <MetricsPage />;
  if (page === 'settings') return <SettingsPage />;
  if (page === 'promo-codes') return <PromoCodesPage />;
  return <ClientsPage />;
}
