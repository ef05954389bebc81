import {
  Box, ErrorState, FieldValue, Link, Loading, PageHeader, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography, linkProps,
  useEngineReportQuery, type EngineReportProps,
} from '@workcloud/shared-ui';
import { useChart, type ChartAccount } from '../chart';
import { useAccountingT } from '../i18n';
import { queryOf, useReportParams, type Params } from '../reportParams';
import { ExportButtons, ReportParamsForm } from '../ReportToolbar';

const NUMERIC = new Set(['money', 'decimal', 'integer']);
type Row = Record<string, unknown>;

/** Where a cell of a row leads: the next report of the drill-down, or the document that made the entry. */
interface Drill {
  field: string;
  href: string;
  label: string;
}

/** `trade.sale` + id → the document's form in its module's pages. */
function documentLink(row: Row): string | null {
  const [module, code] = String(row.recorder_type ?? '').split('.');
  return module && code && row.recorder_id ? `/m/${module}/documents/${code}/${row.recorder_id}` : null;
}

/**
 * ОСВ → ОСВ по счёту (by subconto) → карточка счёта → the document: each report's rows lead to the next,
 * with the period and organization of the report they came from.
 */
function drillOf(code: string, row: Row, p: Params, basePath: string, byCode: Map<string, ChartAccount>, t: (k: string, o?: Record<string, unknown>) => string): Drill | null {
  const period = { from: p.from, to: p.to, organization: p.organization };
  if (code === 'turnover_balance_sheet' && row.account)
    return { field: 'account_code', href: `${basePath}/reports/account_turnover_sheet${queryOf({ account: row.account, ...period })}`, label: t('drillAccount', { account: row.account_code }) };
  if (code === 'account_turnover_sheet') {
    const account = byCode.get(String(row.account_code));
    if (!account) return null;
    const subconto1 = row.subconto1 && row.subconto1 !== '-' ? row.subconto1 : null;
    return { field: subconto1 ? 'subconto_name' : 'account_code', href: `${basePath}/reports/account_card${queryOf({ account: account.id, ...period, subconto1 })}`, label: t('drillCard', { account: row.account_code }) };
  }
  if (code === 'account_card' || code === 'entries_journal') {
    const href = documentLink(row);
    return href ? { field: 'document', href, label: `${t('openDocument')}: ${row.document}` } : null;
  }
  return null;
}

/**
 * The ОСВ family (ОСВ, ОСВ по счёту, карточка счёта, журнал проводок): the engine's report with its
 * parameters in the address, so each drill-down is a page of its own and «Назад» returns to the last one.
 */
export function DrillReportPage({ module, basePath, report }: EngineReportProps) {
  const { t } = useAccountingT();
  const path = `${basePath}/reports/${report.code}`;
  const { params, setParam, canBuild, submitted, build } = useReportParams(report, path);
  const { byCode } = useChart();
  const { data, error, isFetching, refetch } = useEngineReportQuery({ module, code: report.code, params: submitted ?? {} }, { skip: !submitted });
  const type = (field: string) => ({ type: report.columns.find((c) => c.field === field)?.type ?? 'string' });
  const align = (field: string) => (NUMERIC.has(type(field).type) ? 'right' : 'left');

  return (
    <Box>
      <PageHeader title={report.title} crumbs={[{ label: t('reports'), path: basePath }, { label: report.title }]} actions={submitted && <ExportButtons report={report} submitted={submitted} />} />
      <ReportParamsForm report={report} params={params} setParam={setParam} canBuild={canBuild} build={build} />
      {!submitted ? (
        <Typography color="text.secondary">{t('fillParams')}</Typography>
      ) : error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !data || isFetching ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <Typography color="text.secondary">{t('noRows')}</Typography>
      ) : (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label={report.title}>
            <TableHead>
              <TableRow>
                {data.columns.map((c) => (
                  <TableCell key={c.field} align={align(c.field)} sx={{ fontWeight: 600 }}>
                    {c.title}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.items.map((row, i) => {
                const drill = drillOf(report.code, row, submitted, basePath, byCode, t);
                return (
                  <TableRow key={i} hover={!!drill}>
                    {data.columns.map((c) => (
                      <TableCell key={c.field} align={align(c.field)} sx={{ fontVariantNumeric: 'tabular-nums' }}>
                        {drill?.field === c.field ? (
                          <Link {...linkProps(drill.href)} title={drill.label}>
                            {String(row[c.field] || '—')}
                          </Link>
                        ) : (
                          <FieldValue module={module} field={type(c.field)} value={row[c.field]} />
                        )}
                      </TableCell>
                    ))}
                  </TableRow>
                );
              })}
              <TableRow>
                {data.columns.map((c, i) => (
                  <TableCell key={c.field} align={align(c.field)} sx={{ fontWeight: 600 }}>
                    {i === 0 ? t('total') : c.field in data.totals ? <FieldValue module={module} field={type(c.field)} value={data.totals[c.field]} /> : null}
                  </TableCell>
                ))}
              </TableRow>
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}
