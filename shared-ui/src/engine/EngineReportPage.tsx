import DownloadIcon from '@mui/icons-material/FileDownloadOutlined';
import { Alert, Box, Button, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { withParams } from '../api/baseApi';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, Loading } from '../components/States';
import { useEngineReportQuery } from './api';
import { BarChart } from './BarChart';
import { FieldValue } from './display';
import { downloadWithToken } from './download';
import { FieldInput } from './FieldInput';
import { useEngineT } from './i18n';
import type { EngineReportMeta } from './types';
import { todayIso } from './values';

export interface EngineReportProps {
  module: string;
  basePath: string;
  report: EngineReportMeta;
}

type Params = Record<string, string | number | null>;
const NUMERIC = new Set(['money', 'decimal', 'integer']);

/**
 * A declared report: its parameters, the table with totals, a bar chart when the report declares
 * one, and the Excel file. Opens already built when every required parameter has a default
 * (date parameters default to today).
 */
export function EngineReportPage({ module, basePath, report }: EngineReportProps) {
  const { t } = useEngineT();
  const initial: Params = Object.fromEntries(report.params.map((p) => [p.name, p.type === 'date' ? todayIso() : null]));
  const missing = (p: Params) => report.params.filter((f) => f.required && (p[f.name] === null || p[f.name] === ''));
  const [params, setParams] = useState<Params>(initial);
  const [submitted, setSubmitted] = useState<Params | null>(missing(initial).length ? null : initial);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const { data, error, isFetching, refetch } = useEngineReportQuery({ module, code: report.code, params: submitted ?? {} }, { skip: !submitted });
  const url = `/api/${module}/reports/${report.code}`;

  const exportXlsx = async () => {
    setDownloadError(null);
    try {
      await downloadWithToken(withParams(url, { ...(submitted ?? params), format: 'xlsx' }), `${report.title}.xlsx`);
    } catch (e) {
      setDownloadError((e as Error).message);
    }
  };
  const columnField = (field: string) => ({ type: report.columns.find((c) => c.field === field)?.type ?? 'string' });

  return (
    <Box>
      <PageHeader
        title={report.title}
        crumbs={[{ label: t('reports'), path: basePath }, { label: report.title }]}
        actions={
          submitted && (
            <Button startIcon={<DownloadIcon />} onClick={exportXlsx}>
              {t('exportXlsx')}
            </Button>
          )
        }
      />
      {report.params.length > 0 && (
        <Paper
          variant="outlined"
          component="form"
          aria-label={t('params')}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!missing(params).length) setSubmitted({ ...params });
          }}
          sx={{ p: 2, mb: 2, display: 'grid', gap: 2, alignItems: 'start', gridTemplateColumns: { xs: '1fr', sm: 'repeat(auto-fill, minmax(220px, 1fr))' } }}
        >
          {report.params.map((p) => (
            <FieldInput key={p.name} module={module} field={p} size="small" value={params[p.name]} onChange={(v) => setParams((s) => ({ ...s, [p.name]: v as string | null }))} />
          ))}
          <Button type="submit" variant="contained" disabled={missing(params).length > 0} sx={{ justifySelf: 'start' }}>
            {t('build')}
          </Button>
        </Paper>
      )}
      {downloadError && <Alert severity="error" sx={{ mb: 2 }}>{downloadError}</Alert>}
      {!submitted ? (
        <Typography color="text.secondary">{t('fillParams')}</Typography>
      ) : error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !data || isFetching ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <Typography color="text.secondary">{t('noRows')}</Typography>
      ) : (
        <Stack spacing={2}>
          {data.chart && (
            <Paper variant="outlined" sx={{ p: 2 }}>
              <Typography variant="h3" component="h2" sx={{ mb: 2 }}>
                {t('chart')}
              </Typography>
              <BarChart
                label={`${t('chart')}: ${report.title}`}
                rows={data.items.map((row) => ({
                  label: String(row[data.chart!.x] ?? '—'),
                  values: data.chart!.y.map((y) => ({
                    series: data.columns.find((c) => c.field === y)?.title ?? y,
                    value: Number(row[y] ?? 0),
                    text: <FieldValue module={module} field={columnField(y)} value={row[y]} />,
                  })),
                }))}
              />
            </Paper>
          )}
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" aria-label={report.title}>
              <TableHead>
                <TableRow>
                  {data.columns.map((c) => (
                    <TableCell key={c.field} align={NUMERIC.has(c.type ?? '') ? 'right' : 'left'} sx={{ fontWeight: 600 }}>
                      {c.title}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {data.items.map((row, i) => (
                  <TableRow key={i}>
                    {data.columns.map((c) => (
                      <TableCell key={c.field} align={NUMERIC.has(c.type ?? '') ? 'right' : 'left'} sx={{ fontVariantNumeric: 'tabular-nums' }}>
                        <FieldValue module={module} field={columnField(c.field)} value={row[c.field]} />
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
                <TableRow>
                  {data.columns.map((c, i) => (
                    <TableCell key={c.field} align={NUMERIC.has(c.type ?? '') ? 'right' : 'left'} sx={{ fontWeight: 600 }}>
                      {i === 0 ? t('total') : c.field in data.totals ? <FieldValue module={module} field={columnField(c.field)} value={data.totals[c.field]} /> : null}
                    </TableCell>
                  ))}
                </TableRow>
              </TableBody>
            </Table>
          </TableContainer>
        </Stack>
      )}
    </Box>
  );
}
