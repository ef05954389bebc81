import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, Paper, Stack, Tooltip, Typography } from '@mui/material';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useDispatch } from 'react-redux';
import { ApiError } from '../api/tokens';
import { ErrorState, Loading } from '../components/States';
import { PageHeader } from '../components/PageHeader';
import { formatKopecks } from '../format';
import { fieldErrors } from '../forms/validation';
import { downloadWithToken } from './download';
import { computeDocument } from './api';
import { linkProps, navigate } from '../navigation';
import { engineApi, useEngineDocumentActionMutation, useEngineFormActionMutation, useEngineItemQuery, useEngineMarkDeletedMutation, useEngineMetaQuery, useEngineSaveMutation } from './api';
import { basedOnPath, basedOnTargets, basisOfLocation, valuesFromBasis } from './basedOn';
import { sumKopecks, type DocumentActionAnswer } from '@workcloud/shared-core';
import { conventionalComputation, lineAmountOf, type Computation } from './computed';
import { FieldValue, StatusChip } from './display';
import { FieldInput, type InputField } from './FieldInput';
import { useEngineT } from './i18n';
import { LinesEditor, newLine, type Line } from './LinesEditor';
import { dependentsOf, empty, refFilterOf, useFillWhenOnly } from './refFilters';
import { useLeaveGuard } from './useLeaveGuard';
import type { EngineCatalogMeta, EngineDocumentMeta, EngineField, EngineFormAction, EngineKind, EngineModuleAction, EngineRecord } from './types';
import { formatIsoDate, normalizeDecimal, todayIso } from './values';

export interface EngineFormProps {
  module: string;
  basePath: string;
  kind: EngineKind;
  entity: EngineCatalogMeta | EngineDocumentMeta;
  /** "new" or the record's id. */
  id: string;
  /** Computed document fields; by default the engine's convention (see computed.ts). */
  computation?: Computation;
}

interface FormState {
  values: Record<string, unknown>;
  custom: Record<string, unknown>;
  lines: Record<string, Line[]>;
}

type Field = InputField & Pick<EngineField, 'filter' | 'fillWhenOnly'> & { default?: unknown };

/** "2.500" from the server → "2,5" in the input, as a Russian user types it. */
const decimalToInput = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '').replace('.', ','));

function fromApi(f: Field, v: unknown) {
  return f.type === 'decimal' ? decimalToInput(v) : (v ?? null);
}

/** A form value → the API's: decimals as "12.5" strings, empty as null. */
function toApi(f: Field, v: unknown): unknown {
  if (v === undefined || v === '') return null;
  if (f.type === 'decimal') return normalizeDecimal(String(v)) ?? String(v);
  if (typeof v === 'string' && f.type !== 'text') return v.trim() || null;
  return v;
}

/** Where a catalog item sits: its owner (contracts of a counterparty) and its group in a hierarchy. */
function catalogStructureFields(c: EngineCatalogMeta, t: (key: string) => string): Field[] {
  return [
    ...(c.owner ? [{ name: 'owner_id', type: 'ref' as const, ref: c.owner, title: t('owner'), required: true }] : []),
    ...(c.hierarchical
      ? [
          { name: 'parent_id', type: 'ref' as const, ref: c.code, refFilter: { is_group: 'true' }, title: t('parentGroup') },
          { name: 'is_group', type: 'boolean' as const, title: t('isGroup') },
        ]
      : []),
  ];
}

const isDocument = (kind: EngineKind, _e: EngineCatalogMeta | EngineDocumentMeta): _e is EngineDocumentMeta => kind === 'documents';
/** A print form is printed (PDF, «Печать: …»), or another file is downloaded under its own title. */
const isPdf = (form: { contentType?: string }) => !form.contentType || form.contentType === 'application/pdf';

/**
 * Any catalog item or document, drawn from the metadata: header fields by type, the company's own
 * fields in their own section, tabular sections as editable lines with live amounts, and the
 * buttons the role allows (Записать, Провести, Отменить проведение).
 */
export function EngineFormPage({ module, basePath, kind, entity, id, computation }: EngineFormProps) {
  const { t } = useEngineT();
  const dispatch = useDispatch();
  const isNew = id === 'new';
  const doc = isDocument(kind, entity) ? entity : null;
  const listPath = `${basePath}/${kind}/${entity.code}`;
  const args = { module, kind, code: entity.code };
  const { data: record, error: loadError, isLoading, refetch } = useEngineItemQuery({ ...args, id }, { skip: isNew });
  const [saveRecord, saving] = useEngineSaveMutation();
  const [documentAction, acting] = useEngineDocumentActionMutation();
  const [markDeleted, deleting] = useEngineMarkDeletedMutation();
  const [askFormAction, filling] = useEngineFormActionMutation();
  const busy = saving.isLoading || acting.isLoading || deleting.isLoading || filling.isLoading;

  // Fields the server computes (marked in the declaration) make the form ask the server for live
  // totals; without such marks the engine's convention (quantity × price) is computed here.
  const serverComputes = !!doc && (doc.fields.some((f) => f.computed) || doc.sections.some((s) => s.fields.some((f) => f.computed)));
  const computed = useMemo(() => computation ?? (doc && !serverComputes ? conventionalComputation(doc) : { lines: {} }), [computation, doc, serverComputes]);
  const headerFields: Field[] = useMemo(
    () =>
      doc
        ? [{ name: 'date', type: 'date', title: t('date'), required: true }, ...doc.fields.filter((f) => f.name !== computed.total && !f.computed)]
        : [{ name: 'name', type: 'string', title: t('name'), required: true }, ...catalogStructureFields(entity as EngineCatalogMeta, t), ...entity.fields],
    [doc, entity, computed, t],
  );
  const customFields: Field[] = entity.customFields.map((c) => ({ ...c, name: c.code }));
  const sections = doc?.sections ?? [];

  const init = (r?: EngineRecord): FormState => ({
    values: Object.fromEntries(headerFields.map((f) => [f.name, r ? fromApi(f, r[f.name]) : f.name === 'date' ? todayIso() : (f.default ?? null)])),
    custom: Object.fromEntries(customFields.map((f) => [f.name, fromApi(f, r?.custom?.[f.name])])),
    lines: Object.fromEntries(
      sections.map((s) => [s.code, ((r?.[s.code] as Record<string, unknown>[] | undefined) ?? []).map((l) => ({ ...Object.fromEntries(s.fields.map((f) => [f.name, fromApi(f, l[f.name])])), key: newLine().key }))]),
    ),
  });
  const [form, setForm] = useState<FormState>(() => init());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ text: string; conflict?: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [serverDoc, setServerDoc] = useState<EngineRecord | null>(null);
  // A declared action waiting for «Заменить» because its table already has lines.
  const [replacing, setReplacing] = useState<EngineFormAction | null>(null);
  // Changed by the person since it was loaded or saved (not by what the form fills in itself).
  const [dirty, setDirty] = useState(false);
  useLeaveGuard(dirty, t('leaveUnsaved'));

  // The server's record is the truth: (re)load the form whenever it arrives or changes.
  useEffect(() => {
    setDirty(false);
    if (record) setForm(init(record));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record]);
  useEffect(() => {
    if (isNew) setForm(init());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isNew]);
  // «Создать на основании»: a new document made from another takes its values once the source is read.
  const { data: meta } = useEngineMetaQuery(module);
  const [basis] = useState(() => (isNew && doc ? basisOfLocation() : null));
  const { data: basisRecord } = useEngineItemQuery({ module, kind: 'documents', code: basis?.from ?? '', id: basis?.id ?? '' }, { skip: !basis });
  useEffect(() => {
    if (!basis || !basisRecord || !doc) return;
    const copied = init({ ...valuesFromBasis(doc, basis.from, basisRecord), id: '' });
    setForm((st) => ({
      ...st,
      values: Object.fromEntries(Object.entries(st.values).map(([k, v]) => [k, copied.values[k] ?? v])),
      lines: Object.fromEntries(Object.entries(st.lines).map(([k, v]) => [k, copied.lines[k]?.length ? copied.lines[k] : v])),
    }));
    setDirty(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [basisRecord]);
  // Live totals from the server while the person types (debounced); a saved record shows its own.
  useEffect(() => {
    // Only after a render that got past loading: `body` below is defined from then on.
    if (!serverComputes || !doc || (!isNew && (!record || isLoading || loadError))) return;
    if (record && !isNew) setServerDoc(record);
    const timer = setTimeout(() => {
      void computeDocument(module, doc.code, body()).then((r) => {
        if (!r) return;
        setServerDoc(r);
        // Values the server suggests for inputs left empty (a price from the price list) go into the form.
        setForm((st) => {
          let changed = false;
          const lines = Object.fromEntries(
            sections.map((s) => {
              const got = (r[s.code] as Record<string, unknown>[] | undefined) ?? [];
              return [
                s.code,
                st.lines[s.code].map((l, i) => {
                  const next: Line = { ...l };
                  for (const f of s.fields) {
                    if (!f.computed && empty(l[f.name]) && got[i]?.[f.name] !== undefined && got[i]?.[f.name] !== null) {
                      next[f.name] = fromApi(f, got[i][f.name]);
                      next.suggested = [...(next.suggested ?? []), f.name];
                      changed = true;
                    }
                  }
                  return next;
                }),
              ];
            }),
          );
          return changed ? { ...st, lines } : st;
        });
      });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, record, serverComputes]);
  // Messages belong to the record they are about. Saving a new record only gives it an id: keep them then.
  const shownFor = useRef(id);
  useEffect(() => {
    if (shownFor.current !== 'new') {
      setProblem(null);
      setNotice(null);
      setErrors({});
    }
    shownFor.current = id;
  }, [id]);

  // The counterparty's only contract (a `fillWhenOnly` reference) comes in as soon as the counterparty is chosen.
  const fillable = isNew ? entity.allowedActions.includes('create') : !!record && entity.allowedActions.includes('update');
  useFillWhenOnly(module, headerFields, form.values, (name, v) => setForm((s) => ({ ...s, values: { ...s.values, [name]: v } })), fillable);

  if (!isNew && isLoading) return <Loading />;
  if (!isNew && loadError) return <ErrorState error={loadError} onRetry={refetch} />;

  const editable = isNew ? entity.allowedActions.includes('create') : entity.allowedActions.includes('update');
  const canPost = !!doc?.postable && entity.allowedActions.includes('post');

  /** Required fields and numbers, checked before asking the server. */
  const validate = () => {
    const out: Record<string, string> = {};
    const check = (path: string, f: Field, v: unknown) => {
      if (f.required && (v === null || v === undefined || String(v).trim() === '')) out[path] = t('common:required');
      else if (f.type === 'decimal' && v !== null && v !== '' && normalizeDecimal(String(v)) === null) out[path] = t('common:invalidNumber');
    };
    headerFields.forEach((f) => check(f.name, f, form.values[f.name]));
    customFields.forEach((f) => check(`custom.${f.name}`, f, form.custom[f.name]));
    for (const s of sections) form.lines[s.code].forEach((l, i) => s.fields.filter((f) => f.name !== computed.lines[s.code]?.amount && !f.computed).forEach((f) => check(`${s.code}.${i}.${f.name}`, f, l[f.name])));
    return out;
  };

  const body = () => {
    // New records leave out empty fields (defaults apply); changes send null to clear a field.
    const pick = (fields: Field[], source: Record<string, unknown>) =>
      Object.fromEntries(fields.map((f) => [f.name, toApi(f, source[f.name])]).filter(([, v]) => v !== null || !isNew));
    const out: Record<string, unknown> = pick(headerFields, form.values);
    if (customFields.length) out.custom = pick(customFields, form.custom);
    for (const s of sections) {
      const inputs = s.fields.filter((f) => f.name !== computed.lines[s.code]?.amount && !f.computed);
      out[s.code] = form.lines[s.code].map((l) => Object.fromEntries(inputs.map((f) => [f.name, toApi(f, l[f.name])]).filter(([, v]) => v !== null)));
    }
    if (record?.version !== undefined) out.version = record.version;
    return out;
  };

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) return setProblem({ text: t(doc ? 'conflict' : 'conflictItem'), conflict: true });
    const byField = fieldErrors(e);
    setErrors(byField);
    setProblem({ text: Object.keys(byField).length ? t('checkFields') : ((e as ApiError).detail ?? String(e)) });
  };

  const remember = (saved: EngineRecord) => dispatch(engineApi.util.upsertQueryData('engineItem', { ...args, id: saved.id }, saved) as never);

  const save = async (): Promise<EngineRecord | null> => {
    setProblem(null);
    setNotice(null);
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length) {
      setProblem({ text: t('checkFields') });
      return null;
    }
    try {
      const saved = await saveRecord({ ...args, id: isNew ? undefined : id, body: body() }).unwrap();
      setDirty(false);
      await remember(saved);
      if (isNew) navigate(`${listPath}/${saved.id}`, true);
      return saved;
    } catch (e) {
      fail(e);
      return null;
    }
  };

  const onSave = async () => {
    if (await save()) setNotice(t('saved'));
  };

  /**
   * The server renders the file; it opens as a download named like «УПД РТУ-000001 от 10.03.2026.pdf»
   * (or as the format requires, e.g. an ЭДО XML named after its ИдФайл).
   */
  const print = async (form: { code: string; title: string; contentType?: string }) => {
    try {
      await downloadWithToken(`/api/${module}/documents/${entity.code}/${id}/print/${form.code}`, isPdf(form) ? `${form.title}.pdf` : form.title);
    } catch (e) {
      setProblem({ text: (e as Error).message });
    }
  };

  const runAction = async (action: 'post' | 'cancel', close = false) => {
    const saved = action === 'post' ? await save() : record;
    if (!saved) return;
    try {
      await remember(await documentAction({ module, code: entity.code, id: saved.id, action }).unwrap());
      if (close) return navigate(listPath);
      setNotice(t(action === 'post' ? 'posted' : 'unposted'));
    } catch (e) {
      fail(e);
      // Saved before the post was refused: say so, the number it got is taken.
      if (action === 'post') setProblem((p) => p && { ...p, text: `${p.text} ${t('savedNotPosted')}` });
    }
  };

  /** Titles of the header fields a declared action needs that are still empty. */
  const missingFor = (a: EngineFormAction) =>
    a.needs.filter((n) => empty(form.values[n])).map((n) => headerFields.find((f) => f.name === n)?.title ?? n);

  /** The module's route computes the lines; they replace the table's, unsaved: the person checks and saves. */
  const runFormAction = async (a: EngineFormAction) => {
    setReplacing(null);
    setProblem(null);
    setNotice(null);
    setErrors({});
    const section = sections.find((s) => s.code === a.fills)!;
    const send = Object.fromEntries(headerFields.filter((f) => a.needs.includes(f.name)).map((f) => [f.name, toApi(f, form.values[f.name])]));
    try {
      const answer = await askFormAction({ route: a.route, body: send }).unwrap();
      const got = (answer[a.fills] as Record<string, unknown>[] | undefined) ?? [];
      setForm((st) => ({ ...st, lines: { ...st.lines, [a.fills]: got.map((l) => ({ ...Object.fromEntries(section.fields.map((f) => [f.name, fromApi(f, l[f.name])])), key: newLine().key })) } }));
      // The answer's computed amounts show at once; the live computation then confirms them.
      setServerDoc((d) => ({ ...(d ?? { id: '' }), [a.fills]: got }));
      setDirty(true);
      setNotice(t('filled', { section: section.title }));
    } catch (e) {
      fail(e);
    }
  };

  /** Another module's action on the saved document (ЭДО's «Отправить по ЭДО»): its answer is shown, or its page opened. */
  const runModuleAction = async (a: EngineModuleAction) => {
    setProblem(null);
    setNotice(null);
    try {
      const answer = (await askFormAction({ route: a.route, body: { id: record!.id } }).unwrap()) as DocumentActionAnswer;
      if (answer.open) return navigate(answer.open);
      setNotice(answer.message ?? null);
    } catch (e) {
      fail(e);
    }
  };

  const onMarkDeleted = async () => {
    try {
      await markDeleted({ module, code: entity.code, id }).unwrap();
      navigate(listPath);
    } catch (e) {
      fail(e);
    }
  };

  const title = doc
    ? record
      ? t('documentTitle', { title: doc.title, number: record.number, date: formatIsoDate(record.date) })
      : `${doc.title}: ${t('newDocument')}`
    : isNew
      ? `${entity.title}: ${t('newItem')}`
      : String(record?.name ?? '');
  const serverHeader = doc ? doc.fields.filter((f) => f.computed) : [];
  const serverTotal = serverHeader.find((f) => f.name === 'total');
  const total = serverTotal
    ? ((serverDoc?.[serverTotal.name] as number | undefined) ?? null)
    : computed.total
    ? sumKopecks(sections.flatMap((s) => (computed.lines[s.code] ? form.lines[s.code].map((l) => lineAmountOf(l, computed.lines[s.code])) : [])))
    : null;
  // A new counterparty makes its contract (a reference filtered by it) out of date: it is cleared, to be chosen or filled again.
  const setValue = (name: string, v: unknown) => {
    setDirty(true);
    setForm((s) => {
      const values = { ...s.values, [name]: v };
      if (s.values[name] !== v) for (const d of dependentsOf(headerFields, name)) values[d] = null;
      return { ...s, values };
    });
  };
  const setCustom = (name: string, v: unknown) => {
    setDirty(true);
    setForm((s) => ({ ...s, custom: { ...s.custom, [name]: v } }));
  };
  const grid = { display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, minmax(0, 1fr))' } };
  /** Ctrl+S saves, Ctrl+Enter posts, Insert adds a line to the first table (focused on its product). */
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!editable || busy) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void onSave();
    } else if (ctrl && e.key === 'Enter' && canPost) {
      e.preventDefault();
      void runAction('post');
    } else if (e.key === 'Insert' && sections.length) {
      e.preventDefault();
      setDirty(true);
      setForm((st) => ({ ...st, lines: { ...st.lines, [sections[0].code]: [...st.lines[sections[0].code], newLine()] } }));
    }
  };

  return (
    <Box>
      <PageHeader
        title={title}
        crumbs={[{ label: entity.title, path: listPath }, { label: isNew ? t(doc ? 'newDocument' : 'newItem') : doc ? String(record?.number ?? '') : String(record?.name ?? '') }]}
        actions={record?.status ? <StatusChip status={String(record.status)} /> : record?.deletion_mark ? <Typography color="warning.main">{t('deletionMark')}</Typography> : undefined}
      />
      <Paper variant="outlined" component="form" noValidate onSubmit={(e) => (e.preventDefault(), onSave())} onKeyDown={onKeyDown} sx={{ p: { xs: 2, sm: 3 } }}>
        <Stack spacing={3}>
          <Box sx={grid}>
            {headerFields.map((f) => (
              <FieldInput key={f.name} module={module} field={f.filter ? { ...f, refFilter: refFilterOf(f, form.values) } : f} value={form.values[f.name]} onChange={(v) => setValue(f.name, v)} error={errors[f.name]} disabled={!editable} />
            ))}
          </Box>
          {sections.map((s) => (
            <Box key={s.code} component="section" aria-label={s.title}>
              <Typography variant="h3" component="h2" sx={{ mb: 1 }}>
                {s.title}
              </Typography>
              <LinesEditor
                module={module}
                section={s}
                lines={form.lines[s.code]}
                onChange={(lines) => (setDirty(true), setForm((st) => ({ ...st, lines: { ...st.lines, [s.code]: lines } })))}
                errors={errors}
                computed={computed.lines[s.code]}
                serverLines={(serverDoc?.[s.code] as Record<string, unknown>[] | undefined) ?? []}
                disabled={!editable}
              />
            </Box>
          ))}
          {serverHeader.filter((f) => f.name !== 'total').length > 0 && (
            <Box sx={{ display: 'flex', gap: 3, justifyContent: 'flex-end', flexWrap: 'wrap' }} aria-live="polite">
              {serverHeader
                .filter((f) => f.name !== 'total')
                .map((f) => (
                  <Typography key={f.name} data-testid={`document-${f.name}`} sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {f.title}: <FieldValue module={module} field={f} value={serverDoc?.[f.name]} />
                  </Typography>
                ))}
            </Box>
          )}
          {total !== null && (
            <Typography variant="h3" component="p" sx={{ textAlign: 'right' }} data-testid="document-total">
              {t('total')}: {formatKopecks(total)}
            </Typography>
          )}
          {customFields.length > 0 && (
            <Box component="section" aria-label={t('customFields')}>
              <Typography variant="h3" component="h2" sx={{ mb: 2 }}>
                {t('customFields')}
              </Typography>
              <Box sx={grid}>
                {customFields.map((f) => (
                  <FieldInput key={f.name} module={module} field={f} value={form.custom[f.name]} onChange={(v) => setCustom(f.name, v)} error={errors[`custom.${f.name}`]} disabled={!editable} />
                ))}
              </Box>
            </Box>
          )}
          {/* Next to the buttons that caused them: the error of a save, a post or a print. */}
          {problem && (
            <Alert
              severity="error"
              role="alert"
              action={
                problem.conflict && (
                  <Button color="inherit" size="small" onClick={() => (setProblem(null), refetch())}>
                    {t('reload')}
                  </Button>
                )
              }
            >
              {problem.text}
            </Alert>
          )}
          {notice && !problem && <Alert severity="success">{notice}</Alert>}
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }} title={editable ? t('shortcuts') : undefined}>
            {editable && (
              <Button type="submit" variant={canPost ? 'outlined' : 'contained'} disabled={busy}>
                {t('save')}
              </Button>
            )}
            {editable && canPost && (
              <Button variant="contained" disabled={busy} onClick={() => runAction('post', true)}>
                {t('postAndClose')}
              </Button>
            )}
            {editable && canPost && (
              <Button variant="outlined" disabled={busy} onClick={() => runAction('post')}>
                {t('post')}
              </Button>
            )}
            {canPost && record?.status === 'posted' && (
              <Button color="warning" disabled={busy} onClick={() => runAction('cancel')}>
                {t('unpost')}
              </Button>
            )}
            {editable &&
              (doc?.formActions ?? []).map((a) => {
                const missing = missingFor(a);
                return (
                  <Tooltip key={a.code} describeChild title={missing.length ? t('formActionNeeds', { fields: missing.join(', ') }) : ''}>
                    {/* A disabled button gets no pointer events: the wrapper shows the tooltip. */}
                    <span>
                      <Button variant="outlined" disabled={busy || missing.length > 0} onClick={() => void (form.lines[a.fills]?.length ? setReplacing(a) : runFormAction(a))}>
                        {a.title}
                      </Button>
                    </span>
                  </Tooltip>
                );
              })}
            {doc &&
              !isNew &&
              record &&
              (doc.moduleActions ?? [])
                .filter((a) => a.statuses.includes(String(record.status)))
                .map((a) => (
                  <Tooltip key={`${a.module}.${a.code}`} describeChild title={dirty ? t('saveFirst') : ''}>
                    <span>
                      <Button variant="outlined" disabled={busy || dirty} onClick={() => void runModuleAction(a)}>
                        {a.title}
                      </Button>
                    </span>
                  </Tooltip>
                ))}
            {doc &&
              !isNew &&
              record &&
              basedOnTargets(meta, doc.code).map((target) => (
                <Button key={target.code} variant="text" disabled={busy} {...linkProps(basedOnPath(basePath, target.code, doc.code, record.id))}>
                  {t('basedOn', { title: target.title })}
                </Button>
              ))}
            {doc && !isNew && record &&
              (doc.printForms ?? []).map((form) => (
                <Button key={form.code} variant="text" disabled={busy} onClick={() => void print(form)}>
                  {isPdf(form) ? t('print', { form: form.title }) : form.title}
                </Button>
              ))}
            {!doc && !isNew && !record?.deletion_mark && entity.allowedActions.includes('delete') && (
              <Button color="error" disabled={busy} onClick={onMarkDeleted} sx={{ ml: { sm: 'auto' } }}>
                {t('markDeleted')}
              </Button>
            )}
          </Box>
        </Stack>
      </Paper>
      {replacing && (
        <Dialog open onClose={() => setReplacing(null)} maxWidth="xs" fullWidth>
          <DialogContent>
            <DialogContentText>{t('replaceLines', { section: sections.find((s) => s.code === replacing.fills)?.title ?? replacing.fills })}</DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setReplacing(null)}>{t('common:cancel')}</Button>
            <Button variant="contained" onClick={() => void runFormAction(replacing)}>
              {t('replace')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </Box>
  );
}
