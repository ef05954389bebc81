import { Divider, PageHeader } from '@workcloud/shared-ui';
import { PaymentOrdersExport } from './PaymentOrdersExport';
import { StatementUpload } from './StatementUpload';

/** Path of the page under the trade module's basePath. */
export const BANK_STATEMENTS_PATH = 'bank-statements';

/** Банковские выписки: load the bank's statement, decide what it could not, export payment orders for the bank. */
export default function BankStatementsPage({ basePath }: { basePath: string }) {
  return (
    <>
      <PageHeader title="Банковские выписки" crumbs={[{ label: 'Торговля', path: basePath }, { label: 'Банковские выписки' }]} />
      <StatementUpload />
      <Divider sx={{ mb: 3 }} />
      <PaymentOrdersExport />
    </>
  );
}
