import {
  Box, Button, Collapse, ErrorState, Link, List, ListItem, ListItemText, Loading, PageHeader, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography,
  formatKopecks, linkProps, useEngineReportQuery, type EngineReportProps,
} from '@workcloud/shared-ui';
import { Fragment, useState } from 'react';
import { useChart } from '../chart';
import { useAccountingT } from '../i18n';
import { queryOf, useReportParams, type Params } from '../reportParams';
import { ExportButtons, ReportParamsForm } from '../ReportToolbar';

/** One term of a line's decoding (reports-forms-common.ts on the server): an account's balance or turnover. */
interface DecodingItem {
  account: string;
  name: string;
  side: 'Дт' | 'Кт';
  subconto_name?: string;
  sum: number;
  amount: number;
}
interface FormLine {
  line: string;
  title: string;
  level: 'total' | 'line';
  shown: string;
  previous_shown: string;
  decoding: string;
  details: DecodingItem[];
}

/** The period an account of a line is read over: ф. 2's period, ф. 1's year up to its date. */
const periodOf = (p: Params) => (p.date ? { from: `${String(p.date).slice(0, 4)}-01-01`, to: p.date } : { from: p.from, to: p.to });

/**
 * Бухгалтерский баланс (ф. 1) and Отчёт о финансовых результатах (ф. 2): the form's lines in thousands, and
 * under each line its decoding — which accounts (and counterparties) make it, in rubles and kopecks, each
 * leading to the ОСВ по счёту of that account.
 */
export function FormReportPage({ module, basePath, report }: EngineReportProps) {
  const { t } = useAccountingT();
  const path = `${basePath}/reports/${report.code}`;
  const { params, setParam, canBuild, submitted, build } = useReportParams(report, path);
  const { byCode } = useChart();
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, isFetching, refetch } = useEngineReportQuery({ module, code: report.code, params: submitted ?? {} }, { skip: !submitted });
  const lines = (data?.items ?? []) as unknown as FormLine[];
  const titles = report.columns.map((c) => c.title);

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
      ) : (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label={report.title}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ fontWeight: 600 }}>{titles[0]}</TableCell>
                <TableCell sx={{ fontWeight: 600 }}>{titles[1]}</TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }}>{titles[2]}</TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }}>{titles[3]}</TableCell>
                <TableCell sx={{ fontWeight: 600 }}>{t('decoding')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {lines.map((l) => (
                <Fragment key={l.line}>
                  <TableRow sx={l.level === 'total' ? { '& td': { fontWeight: 600 } } : undefined}>
                    <TableCell>{l.line}</TableCell>
                    <TableCell sx={{ minWidth: 200 }}>{l.title}</TableCell>
                    <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`form-line-${l.line}`}>
                      {l.shown}
                    </TableCell>
                    <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                      {l.previous_shown}
                    </TableCell>
                    <TableCell>
                      {l.details?.length > 0 && (
                        <Button size="small" aria-expanded={open === l.line} aria-label={t('showDecoding', { line: l.line })} onClick={() => setOpen(open === l.line ? null : l.line)}>
                          {t('decoding')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                  {l.details?.length > 0 && (
                    <TableRow>
                      <TableCell colSpan={5} sx={{ py: 0, borderBottom: open === l.line ? undefined : 'none' }}>
                        <Collapse in={open === l.line} unmountOnExit>
                          <Typography variant="body2" sx={{ pt: 1 }}>
                            {l.decoding}
                          </Typography>
                          <List dense aria-label={t('showDecoding', { line: l.line })}>
                            {l.details.map((d, i) => {
                              const account = byCode.get(d.account);
                              const href = account ? `${basePath}/reports/account_turnover_sheet${queryOf({ account: account.id, ...periodOf(submitted!), organization: submitted!.organization })}` : null;
                              const text = `${d.side} ${d.account} ${d.name}${d.subconto_name ? `, ${d.subconto_name}` : ''}`;
                              return (
                                <ListItem key={i} disableGutters>
                                  <ListItemText primary={href ? <Link {...linkProps(href)}>{text}</Link> : text} secondary={`${d.amount < 0 ? '−' : '+'} ${formatKopecks(d.sum)}`} />
                                </ListItem>
                              );
                            })}
                          </List>
                        </Collapse>
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}
