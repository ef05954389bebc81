import { Alert, Button, Paper, Stack, downloadWithToken, FieldInput, type EngineReportMeta } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useAccountingT } from './i18n';
import { queryOf, type Params } from './reportParams';

/** The parameters of a report as a form; «Сформировать» puts them into the address. */
export function ReportParamsForm({ report, params, setParam, canBuild, build }: { report: EngineReportMeta; params: Params; setParam: (name: string, v: unknown) => void; canBuild: boolean; build: () => void }) {
  const { t } = useAccountingT();
  if (!report.params.length) return null;
  return (
    <Paper
      variant="outlined"
      component="form"
      aria-label={t('build')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (canBuild) build();
      }}
      sx={{ p: 2, mb: 2, display: 'grid', gap: 2, alignItems: 'start', gridTemplateColumns: { xs: '1fr', sm: 'repeat(auto-fill, minmax(220px, 1fr))' } }}
    >
      {report.params.map((p) => (
        <FieldInput key={p.name} module="accounting" field={p} size="small" value={params[p.name]} onChange={(v) => setParam(p.name, v)} />
      ))}
      <Button type="submit" variant="contained" disabled={!canBuild} sx={{ justifySelf: 'start' }}>
        {t('build')}
      </Button>
    </Paper>
  );
}

/** «Excel» and «PDF»: the report as built, from the engine's report route (the same rows, as files). */
export function ExportButtons({ report, submitted }: { report: EngineReportMeta; submitted: Params }) {
  const { t } = useAccountingT();
  const [error, setError] = useState<string | null>(null);
  const download = (format: 'xlsx' | 'pdf') => async () => {
    setError(null);
    try {
      await downloadWithToken(`/api/accounting/reports/${report.code}${queryOf({ ...submitted, format })}`, `${report.title}.${format}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Button variant="outlined" onClick={download('xlsx')}>
        {t('exportXlsx')}
      </Button>
      <Button variant="outlined" onClick={download('pdf')}>
        {t('exportPdf')}
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
