import {
  Alert, ApiError, Box, Button, DateInput, ErrorState, Loading, PageHeader, Paper, RefInput, Stack, StatusChip, TextInput, Typography,
  formatIsoDate, formatKopecks, navigate, todayIso, useEngineDocumentActionMutation, useEngineItemQuery, useEngineSaveMutation, type EngineFormProps,
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useChart } from '../chart';
import { useAccountingT } from '../i18n';
import { OperationLineEditor, type OperationLine } from './OperationLineEditor';

const LINE_FIELDS = ['dt_account', 'dt_subconto1', 'dt_subconto2', 'dt_subconto3', 'dt_quantity', 'kt_account', 'kt_subconto1', 'kt_subconto2', 'kt_subconto3', 'kt_quantity', 'amount', 'content'];
let nextKey = 0;
const newLine = (from: Record<string, unknown> = {}): OperationLine => ({ ...Object.fromEntries(LINE_FIELDS.map((f) => [f, from[f] ?? null])), key: `op${++nextKey}` });

/** `lines.0.dt_subconto1` → line 0, field dt_subconto1; other fields stay as they are. */
function splitErrors(errors: { field: string; message: string }[]) {
  const header: Record<string, string> = {};
  const lines: Record<number, Record<string, string>> = {};
  for (const e of errors) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(e.field);
    if (m) (lines[Number(m[1])] ??= {})[m[2]] = e.message;
    else header[e.field] = e.message;
  }
  return { header, lines };
}

/**
 * «Операция (бухгалтерский и налоговый учёт)»: entries typed by the accountant. Each line has a Дт and a Кт
 * account picked from the chart, and pickers of the subconto the chosen account keeps; the server checks
 * them again on posting (and the дата запрета).
 */
export function OperationFormPage({ module, basePath, entity, id }: EngineFormProps) {
  const { t } = useAccountingT();
  const isNew = id === 'new';
  const listPath = `${basePath}/documents/${entity.code}`;
  const { accounts, byId, loaded, error: chartError } = useChart();
  const { data: record, error: loadError, refetch } = useEngineItemQuery({ module, kind: 'documents', code: entity.code, id }, { skip: isNew });
  const [save, saving] = useEngineSaveMutation();
  const [act, acting] = useEngineDocumentActionMutation();
  const [head, setHead] = useState<Record<string, unknown>>({ date: todayIso(), organization: null, content: '' });
  const [lines, setLines] = useState<OperationLine[]>(() => [newLine()]);
  const [problem, setProblem] = useState<{ text: string; errors: ReturnType<typeof splitErrors> } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!record) return;
    setHead({ date: record.date, organization: record.organization, content: record.content ?? '' });
    setLines(((record.lines as Record<string, unknown>[]) ?? []).map((l) => newLine(l)));
  }, [record]);

  if (loadError || chartError) return <ErrorState error={loadError ?? chartError} onRetry={refetch} />;
  if ((!isNew && !record) || !loaded) return <Loading />;
  const editable = isNew ? entity.allowedActions.includes('create') : entity.allowedActions.includes('update');
  const canPost = entity.allowedActions.includes('post');
  const total = lines.reduce((s, l) => s + (Number(l.amount) || 0), 0);

  const body = () => ({
    ...head,
    ...(record?.version !== undefined ? { version: record.version } : {}),
    lines: lines.map(({ key: _key, ...l }) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== null && v !== ''))),
  });
  /** Записать, then (for «Провести») post; a new document's address gets its id. */
  const run = async (post: boolean) => {
    setProblem(null);
    setNotice(null);
    try {
      const saved = await save({ module, kind: 'documents', code: entity.code, id: isNew ? undefined : id, body: body() }).unwrap();
      if (post) await act({ module, code: entity.code, id: saved.id, action: 'post' }).unwrap();
      setNotice(post ? t('posted') : t('saved'));
      if (isNew) navigate(`${listPath}/${saved.id}`, true);
    } catch (e) {
      const err = e as ApiError;
      setProblem({ text: err.detail || err.message || String(e), errors: splitErrors(err.errors ?? []) });
    }
  };
  /** Отменить проведение: the entries are reversed, the operation stays as a draft to correct. */
  const unpost = async () => {
    setProblem(null);
    setNotice(null);
    try {
      await act({ module, code: entity.code, id, action: 'cancel' }).unwrap();
      setNotice(t('unposted'));
    } catch (e) {
      const err = e as ApiError;
      setProblem({ text: err.detail || err.message || String(e), errors: splitErrors(err.errors ?? []) });
    }
  };
  const busy = saving.isLoading || acting.isLoading;
  const title = isNew ? t('newOperation') : t('operationTitle', { number: record?.number ?? '', date: formatIsoDate(record?.date) });

  return (
    <Box>
      <PageHeader title={title} crumbs={[{ label: entity.title, path: listPath }, { label: isNew ? t('newOperation') : String(record?.number ?? '') }]} actions={record?.status ? <StatusChip status={String(record.status)} /> : undefined} />
      <Paper variant="outlined" component="form" noValidate onSubmit={(e) => (e.preventDefault(), run(false))} sx={{ p: { xs: 1.5, sm: 3 } }}>
        <Box sx={{ display: 'grid', gap: 2, mb: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(auto-fill, minmax(240px, 1fr))' } }}>
          <DateInput label={t('date')} required value={String(head.date ?? '')} onChange={(v) => setHead((h) => ({ ...h, date: v || null }))} disabled={!editable} error={problem?.errors.header.date} />
          <RefInput module="accounting" refCode="trade.organizations" label={t('organization')} required value={(head.organization as string | null) ?? null} onChange={(v) => setHead((h) => ({ ...h, organization: v }))} disabled={!editable} error={problem?.errors.header.organization} />
          <TextInput label={t('content')} value={String(head.content ?? '')} onChange={(v) => setHead((h) => ({ ...h, content: v }))} disabled={!editable} />
        </Box>
        <Typography variant="h3" component="h2" sx={{ mb: 1 }}>
          {t('lines')}
        </Typography>
        {lines.map((l, i) => (
          <OperationLineEditor
            key={l.key}
            n={i + 1}
            line={l}
            byId={byId}
            accounts={accounts}
            errors={problem?.errors.lines[i] ?? {}}
            disabled={!editable}
            onChange={(next) => setLines((ls) => ls.map((x, j) => (j === i ? next : x)))}
            onRemove={() => setLines((ls) => ls.filter((_, j) => j !== i))}
          />
        ))}
        {editable && (
          <Button onClick={() => setLines((ls) => [...ls, newLine()])} sx={{ mb: 2 }}>
            {t('addLine')}
          </Button>
        )}
        <Typography sx={{ fontWeight: 600, mb: 2 }} data-testid="operation-total">
          {t('operationTotal', { sum: formatKopecks(total) })}
        </Typography>
        {problem && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {problem.text}
          </Alert>
        )}
        {notice && (
          <Alert severity="success" sx={{ mb: 2 }}>
            {notice}
          </Alert>
        )}
        {editable && (
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <Button type="submit" variant="outlined" disabled={busy}>
              {t('save')}
            </Button>
            {canPost && (
              <Button variant="contained" disabled={busy} onClick={() => run(true)}>
                {t('post')}
              </Button>
            )}
            {canPost && record?.status === 'posted' && (
              <Button variant="outlined" color="warning" disabled={busy} onClick={unpost}>
                {t('unpost')}
              </Button>
            )}
          </Stack>
        )}
      </Paper>
    </Box>
  );
}
