import {
  Alert, ApiError, Box, Button, DateInput, ErrorState, Loading, PageHeader, Paper, RefInput, Stack, StatusChip, TextInput, Typography,
  formatIsoDate, formatKopecks, navigate, todayIso, useEngineDocumentActionMutation, useEngineItemQuery, useEngineSaveMutation, type EngineFormProps,
} from '@workcloud/shared-ui';
import { useEffect, useState, type ComponentType } from 'react';
import { useChart } from '../chart';
import { useAccountingT } from '../i18n';
import { OpeningBalanceLineEditor } from './OpeningBalanceLineEditor';
import { OperationLineEditor, type LineEditorProps, type OperationLine } from './OperationLineEditor';

/** What differs between the documents of entries typed by the accountant: their lines and how they add up. */
interface Variant {
  lineFields: string[];
  Line: ComponentType<LineEditorProps>;
  /** i18n keys: the heading of a new document, of a saved one ({{number}}, {{date}}), the lines' section. */
  newTitle: string;
  title: string;
  lines: string;
  /** The header's text field: the operation's «Содержание», the balances' «Комментарий» (its name is its i18n key). */
  text: 'content' | 'comment';
  /** The document's totals as the form shows them, from its lines. */
  totals: (lines: OperationLine[], t: (key: string, o?: Record<string, unknown>) => string) => string;
}

const sum = (lines: OperationLine[], field: string) => lines.reduce((s, l) => s + (Number(l[field]) || 0), 0);

const OPERATION: Variant = {
  lineFields: ['dt_account', 'dt_subconto1', 'dt_subconto2', 'dt_subconto3', 'dt_quantity', 'kt_account', 'kt_subconto1', 'kt_subconto2', 'kt_subconto3', 'kt_quantity', 'amount', 'content'],
  Line: OperationLineEditor,
  newTitle: 'newOperation',
  title: 'operationTitle',
  lines: 'lines',
  text: 'content',
  totals: (lines, t) => t('operationTotal', { sum: formatKopecks(sum(lines, 'amount')) }),
};

const OPENING_BALANCES: Variant = {
  lineFields: ['account', 'subconto1', 'subconto2', 'subconto3', 'debit', 'credit', 'quantity'],
  Line: OpeningBalanceLineEditor,
  newTitle: 'newOpeningBalances',
  title: 'openingBalancesTitle',
  lines: 'balances',
  text: 'comment',
  totals: (lines, t) => t('balancesTotal', { debit: formatKopecks(sum(lines, 'debit')), credit: formatKopecks(sum(lines, 'credit')) }),
};

let nextKey = 0;
const lineOf = (fields: string[], from: Record<string, unknown> = {}): OperationLine => ({ ...Object.fromEntries(fields.map((f) => [f, from[f] ?? null])), key: `line${++nextKey}` });

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
 * A document of entries typed by the accountant — «Операция (бухгалтерский и налоговый учёт)» (Дт and Кт
 * per line) or «Ввод остатков» (an account and its balance per line). Each account is picked from the chart,
 * with a picker for each subconto the chosen account keeps; the server checks them again on posting (and
 * the дата запрета).
 */
function EntriesFormPage({ module, basePath, entity, id, variant }: EngineFormProps & { variant: Variant }) {
  const { t } = useAccountingT();
  const isNew = id === 'new';
  const listPath = `${basePath}/documents/${entity.code}`;
  const { accounts, byId, loaded, error: chartError } = useChart();
  const { data: record, error: loadError, refetch } = useEngineItemQuery({ module, kind: 'documents', code: entity.code, id }, { skip: isNew });
  const [save, saving] = useEngineSaveMutation();
  const [act, acting] = useEngineDocumentActionMutation();
  const [head, setHead] = useState<Record<string, unknown>>({ date: todayIso(), organization: null, [variant.text]: '' });
  const newLine = (from?: Record<string, unknown>) => lineOf(variant.lineFields, from);
  const [lines, setLines] = useState<OperationLine[]>(() => [newLine()]);
  const [problem, setProblem] = useState<{ text: string; errors: ReturnType<typeof splitErrors> } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!record) return;
    setHead({ date: record.date, organization: record.organization, [variant.text]: record[variant.text] ?? '' });
    setLines(((record.lines as Record<string, unknown>[]) ?? []).map((l) => newLine(l)));
  }, [record]);

  if (loadError || chartError) return <ErrorState error={loadError ?? chartError} onRetry={refetch} />;
  if ((!isNew && !record) || !loaded) return <Loading />;
  const editable = isNew ? entity.allowedActions.includes('create') : entity.allowedActions.includes('update');
  const canPost = entity.allowedActions.includes('post');

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
  const title = isNew ? t(variant.newTitle) : t(variant.title, { number: record?.number ?? '', date: formatIsoDate(record?.date) });

  return (
    <Box>
      <PageHeader title={title} crumbs={[{ label: entity.title, path: listPath }, { label: isNew ? t(variant.newTitle) : String(record?.number ?? '') }]} actions={record?.status ? <StatusChip status={String(record.status)} /> : undefined} />
      <Paper variant="outlined" component="form" noValidate onSubmit={(e) => (e.preventDefault(), run(false))} sx={{ p: { xs: 1.5, sm: 3 } }}>
        <Box sx={{ display: 'grid', gap: 2, mb: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(auto-fill, minmax(240px, 1fr))' } }}>
          <DateInput label={t('date')} required value={String(head.date ?? '')} onChange={(v) => setHead((h) => ({ ...h, date: v || null }))} disabled={!editable} error={problem?.errors.header.date} />
          <RefInput module="accounting" refCode="trade.organizations" label={t('organization')} required value={(head.organization as string | null) ?? null} onChange={(v) => setHead((h) => ({ ...h, organization: v }))} disabled={!editable} error={problem?.errors.header.organization} />
          <TextInput label={t(variant.text)} value={String(head[variant.text] ?? '')} onChange={(v) => setHead((h) => ({ ...h, [variant.text]: v }))} disabled={!editable} />
        </Box>
        <Typography variant="h3" component="h2" sx={{ mb: 1 }}>
          {t(variant.lines)}
        </Typography>
        {lines.map((l, i) => (
          <variant.Line
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
        <Typography sx={{ fontWeight: 600, mb: 2 }} data-testid="entries-total">
          {variant.totals(lines, t)}
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

export const OperationFormPage = (props: EngineFormProps) => <EntriesFormPage {...props} variant={OPERATION} />;
export const OpeningBalancesFormPage = (props: EngineFormProps) => <EntriesFormPage {...props} variant={OPENING_BALANCES} />;
