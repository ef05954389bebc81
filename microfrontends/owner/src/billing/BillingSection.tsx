import { lazy, Suspense } from 'react';
import { Loading } from '@workcloud/shared-ui';
import { ClientPage } from './ClientPage';
import { ClientsPage } from './ClientsPage';
import { InvoicesPage } from './InvoicesPage';
import { SettingsPage } from './SettingsPage';

// The charts library is loaded only when someone opens the metrics.
const MetricsPage = lazy(() => import('./MetricsPage'));

/** The owner console's «Биллинг» pages: /m/owner/billing/<page>[/<id>]. */
export function BillingSection({ parts }: { parts: string[] }) {
  const [page, id] = parts;
  if (page === 'clients' && id) return <ClientPage id={id} />;
  if (page === 'invoices') return <InvoicesPage />;
  if (page === 'metrics')
    return (
      <Suspense fallback={<Loading />}>
        <MetricsPage />
      </Suspense>
    );
  if (page === 'settings') return <SettingsPage />;
  return <ClientsPage />;
}
