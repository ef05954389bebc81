import {
  Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography,
  downloadWithToken, formatDate, formatKopecks
} from '@workcloud/shared-ui';
import { useState, type ReactNode } from 'react';
import type { ClientStatus, Invoice, InvoiceStatus, Payment } from './api';
import { useBillingT } from './useBillingT';

type Color = 'default' | 'success' | 'warning' | 'error' | 'info';

/** A cancelled client is `suspended` in the tenant table; the account's cancel date tells them apart. */
export type DisplayStatus = ClientStatus | 'cancelled';
export const displayStatus = (c: { status: ClientStatus; canceledOn?: string | null }): DisplayStatus => (c.status === 'suspended' && c.canceledOn ? 'cancelled' : c.status);

const clientColors: Record<DisplayStatus, Color> = { provisioning: 'info', trial: 'info', active: 'success', past_due: 'warning', suspended: 'error', cancelled: 'default', archived: 'default' };
export function ClientStatusChip({ status }: { status: DisplayStatus }) {
  const { t } = useBillingT();
  return <Chip size="small" variant="outlined" color={clientColors[status]} label={t(`statuses.${status}`)} />;
}

const invoiceColors: Record<InvoiceStatus, Color> = { open: 'warning', paid: 'success', void: 'default' };
export function InvoiceStatusChip({ status }: { status: InvoiceStatus }) {
  const { t } = useBillingT();
  return <Chip size="small" variant="outlined" color={invoiceColors[status]} label={t(`invoiceStatuses.${status}`)} />;
}

/** Счёт and Акт as PDFs: the API needs the bearer token, so these are buttons that download. */
export function PdfButtons({ invoice }: { invoice: Pick<Invoice, 'id' | 'number' | 'actId'> }) {
  const { t } = useBillingT();
  const [error, setError] = useState<string | null>(null);
  const get = (url: string, name: string) => downloadWithToken(url, name).catch((e: Error) => setError(e.message));
  return (
    <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
      <Button size="small" onClick={() => get(`/api/owner/billing/invoices/${invoice.id}/pdf`, `Счёт ${invoice.number}.pdf`)} aria-label={`${t('invoicePdf')} ${invoice.number}, PDF`}>
        {t('invoicePdf')}
      </Button>
      {invoice.actId && (
        <Button size="small" onClick={() => get(`/api/owner/billing/acts/${invoice.actId}/pdf`, `Акт ${invoice.number}.pdf`)} aria-label={`${t('actPdf')} ${invoice.number}, PDF`}>
          {t('actPdf')}
        </Button>
      )}
      {error && (
        <Typography color="error" role="alert" sx={{ fontSize: 13 }}>
          {error}
        </Typography>
      )}
    </Stack>
  );
}

export const money = (k: number | null | undefined) => (k === null || k === undefined ? '—' : formatKopecks(k));
export const period = (i: Pick<Invoice, 'periodStart' | 'periodEnd'>, lang: string) => `${formatDate(i.periodStart, lang)} – ${formatDate(i.periodEnd, lang)}`;

/** A small plain table that scrolls sideways on a phone instead of squeezing its columns. */
export function SimpleTable({ label, head, rows, empty }: { label: string; head: ReactNode[]; rows: ReactNode[][]; empty?: string }) {
  const { t } = useBillingT();
  if (!rows.length) return <Typography color="text.secondary">{empty ?? t('none')}</Typography>;
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            {head.map((h, i) => (
              <TableCell key={i} sx={{ whiteSpace: 'nowrap' }}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) => (
                <TableCell key={j} sx={{ whiteSpace: 'nowrap' }}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** The rows of a client's payments, the same on the card and in the list. */
export function paymentCells(p: Payment, lang: string, t: (k: string) => string): ReactNode[] {
  return [
    formatDate(p.paidOn ?? p.paidAt ?? p.createdAt, lang),
    t(`methods.${p.method}`),
    t(`paymentStatuses.${p.status}`),
    <Amount key="a" k={p.amountKopecks} />,
    p.refundedKopecks ? <Amount key="r" k={p.refundedKopecks} /> : '—',
    p.invoiceNumber ?? '—',
  ];
}

export function Amount({ k }: { k: number }) {
  return (
    <Typography component="span" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', fontSize: 'inherit', color: k < 0 ? 'error.main' : undefined }}>
      {formatKopecks(k)}
    </Typography>
  );
}
