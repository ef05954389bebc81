import {
  Alert, Box, Button, Checkbox, DateInput, EnumInput, ErrorState, FormControlLabel, IconButton, List, ListItem,
  ListItemText, Loading, PageHeader, Paper, Stack, TextInput, Typography, addTranslations, fieldErrors,
  formatIsoDate, setTenantTimeZone, useAbility
} from '@workcloud/shared-ui';
import { RUSSIAN_TIME_ZONES } from '@workcloud/shared-core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubjectsQuery } from '../api/adminApi';
import {
  useAddCustomFieldMutation, useCustomFieldsQuery, usePeriodLockQuery, useRemoveCustomFieldMutation, useSetPeriodLockMutation, useSetTimeZoneMutation,
  useTimeZoneQuery, type CustomField
} from './settingsApi';
import { settingsStrings } from './strings';

const TYPES = ['string', 'integer', 'decimal', 'date', 'boolean', 'enum'] as const;

/** «code=Title, code2=Title 2» → { code: 'Title', code2: 'Title 2' } */
function parseValues(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .map((pair) => pair.split('=').map((s) => s.trim()))
      .filter(([code, title]) => code && title)
      .map(([code, title]) => [code, title]),
  );
}

/** One block of the page, named by its heading, with a hint under it. */
function SettingsSection({ id, title, hint, children }: { id: string; title: string; hint: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }} component="section" aria-labelledby={id}>
      <Typography id={id} variant="h6" component="h2">
        {title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {hint}
      </Typography>
      {children}
    </Paper>
  );
}

function useSettingsT() {
  const r = useTranslation('admin-settings');
  if (!r.i18n.hasResourceBundle('ru', 'admin-settings')) addTranslations(r.i18n, 'admin-settings', settingsStrings);
  return r;
}

/** The company's own fields on catalogs and documents, the date through which the period is closed, its time zone. */
export function AccountingSettingsPage() {
  const { t } = useSettingsT();
  return (
    <Box>
      <PageHeader title={t('title')} subtitle={t('subtitle')} crumbs={[{ label: t('title') }]} />
      <Stack spacing={3}>
        <CustomFieldsSection />
        <PeriodLockSection />
        <TimeZoneSection />
      </Stack>
    </Box>
  );
}

function CustomFieldsSection() {
  const { t, i18n } = useSettingsT();
  const ability = useAbility();
  const subjects = useSubjectsQuery();
  const fields = useCustomFieldsQuery();
  const [add, adding] = useAddCustomFieldMutation();
  const [remove] = useRemoveCustomFieldMutation();
  const [form, setForm] = useState({ target: '', code: '', title: '', type: 'string' as CustomField['type'], values: '', required: false });
  const [done, setDone] = useState(false);
  // Catalogs and documents of the company's modules (the platform's own subjects have no custom fields).
  const targets = useMemo(() => (subjects.data?.subjects ?? []).filter((s) => s.module !== 'admin' && s.actions.includes('create')), [subjects.data]);
  const title = (subject: string) => {
    const s = targets.find((x) => x.subject === subject);
    return s ? (i18n.language === 'en' ? s.titleEn : s.title) : subject;
  };
  useEffect(() => {
    if (!form.target && targets[0]) setForm((f) => ({ ...f, target: targets[0].subject }));
  }, [targets, form.target]);
  const server = fieldErrors(adding.error);
  const canCreate = ability.can('create', 'CustomField');

  const submit = async () => {
    setDone(false);
    const body = { target: form.target, code: form.code.trim(), title: form.title.trim(), type: form.type, required: form.required, ...(form.type === 'enum' ? { values: parseValues(form.values) } : {}) };
    const res = await add(body);
    if (!('error' in res)) {
      setDone(true);
      setForm((f) => ({ ...f, code: '', title: '', values: '', required: false }));
    }
  };

  return (
    <SettingsSection id="custom-fields-title" title={t('fields')} hint={t('fieldsHint')}>
      {(subjects.isLoading || fields.isLoading) && <Loading />}
      {fields.error && <ErrorState error={fields.error} onRetry={fields.refetch} />}
      {fields.data && fields.data.length === 0 && <Typography sx={{ mb: 2 }}>{t('none')}</Typography>}
      {fields.data && fields.data.length > 0 && (
        <List dense aria-label={t('fields')}>
          {fields.data.map((f) => (
            <ListItem
              key={f.id}
              divider
              secondaryAction={
                ability.can('delete', 'CustomField') && (
                  <IconButton edge="end" aria-label={`${t('remove')} ${f.title}`} onClick={() => remove(f.id)}>
                    <span aria-hidden>✕</span>
                  </IconButton>
                )
              }
            >
              <ListItemText primary={`${f.title} (${f.code})`} secondary={`${title(f.target)} · ${t(`types.${f.type}`)}${f.required ? ` · ${t('required')}` : ''}`} />
            </ListItem>
          ))}
        </List>
      )}
      {canCreate && targets.length > 0 && (
        <Stack spacing={2} sx={{ mt: 2, maxWidth: 640 }} component="form" aria-label={t('add')} onSubmit={(e) => (e.preventDefault(), void submit())}>
          {done && <Alert severity="success">{t('added')}</Alert>}
          {adding.error && !Object.keys(server).length && <ErrorState error={adding.error} />}
          <EnumInput label={t('target')} value={form.target} onChange={(v) => setForm({ ...form, target: v })} options={targets.map((s) => ({ value: s.subject, label: title(s.subject) }))} />
          <TextInput label={t('code')} required helperText={t('codeHint')} value={form.code} onChange={(v) => setForm({ ...form, code: v })} error={server.code} />
          <TextInput label={t('fieldTitle')} required value={form.title} onChange={(v) => setForm({ ...form, title: v })} error={server.title} />
          <EnumInput label={t('type')} value={form.type} onChange={(v) => setForm({ ...form, type: v as CustomField['type'] })} options={TYPES.map((x) => ({ value: x, label: t(`types.${x}`) }))} />
          {form.type === 'enum' && <TextInput label={t('values')} required helperText={t('valuesHint')} value={form.values} onChange={(v) => setForm({ ...form, values: v })} error={server.values} />}
          <FormControlLabel control={<Checkbox checked={form.required} onChange={(e) => setForm({ ...form, required: e.target.checked })} />} label={t('required')} />
          <Box>
            <Button type="submit" variant="contained" disabled={adding.isLoading || !form.code || !form.title}>
              {t('add')}
            </Button>
          </Box>
        </Stack>
      )}
    </SettingsSection>
  );
}

function PeriodLockSection() {
  const { t } = useSettingsT();
  const ability = useAbility();
  const lock = usePeriodLockQuery();
  const [save, saving] = useSetPeriodLockMutation();
  const [date, setDate] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => setDate(lock.data?.closedThrough ?? ''), [lock.data]);
  const canUpdate = ability.can('update', 'PeriodLock');
  const submit = async (closedThrough: string | null) => {
    setSaved(false);
    const res = await save({ closedThrough });
    if (!('error' in res)) setSaved(true);
  };
  return (
    <SettingsSection id="period-title" title={t('period')} hint={t('periodHint')}>
      {lock.error && <ErrorState error={lock.error} onRetry={lock.refetch} />}
      {saving.error && <ErrorState error={saving.error} />}
      {saved && <Alert severity="success" sx={{ mb: 2 }}>{t('saved')}</Alert>}
      {lock.data && !canUpdate && <Typography>{lock.data.closedThrough ? `${t('closedThrough')}: ${lock.data.closedThrough}` : t('notClosed')}</Typography>}
      {lock.data && canUpdate && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
          <DateInput label={t('closedThrough')} value={date} onChange={setDate} />
          <Button variant="contained" disabled={!date || saving.isLoading} onClick={() => void submit(date)}>
            {t('save')}
          </Button>
          {lock.data.closedThrough && (
            <Button variant="text" disabled={saving.isLoading} onClick={() => void submit(null)}>
              {t('open')}
            </Button>
          )}
        </Stack>
      )}
    </SettingsSection>
  );
}

/** Whose calendar day is «today» for the company: a select of Russia's zones (and the current one, if it is another). */
function TimeZoneSection() {
  const { t, i18n } = useSettingsT();
  const ability = useAbility();
  const current = useTimeZoneQuery();
  const [save, saving] = useSetTimeZoneMutation();
  const [zone, setZone] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => setZone(current.data?.timeZone ?? ''), [current.data]);
  const canUpdate = ability.can('update', 'CompanySettings');
  const label = (z: (typeof RUSSIAN_TIME_ZONES)[number]) => (i18n.language === 'en' ? z.titleEn : z.title);
  const options = RUSSIAN_TIME_ZONES.map((z) => ({ value: z.zone, label: label(z) }));
  if (zone && !options.some((o) => o.value === zone)) options.push({ value: zone, label: zone });
  const submit = async () => {
    setSaved(false);
    const res = await save({ timeZone: zone });
    if ('data' in res && res.data) {
      setTenantTimeZone(res.data.timeZone); // this page's «today» follows at once, without reloading /api/me
      setSaved(true);
    }
  };
  return (
    <SettingsSection id="time-zone-title" title={t('timeZone')} hint={t('timeZoneHint')}>
      {current.isLoading && <Loading />}
      {current.error && <ErrorState error={current.error} onRetry={current.refetch} />}
      {saving.error && <ErrorState error={saving.error} />}
      {saved && <Alert severity="success" sx={{ mb: 2 }}>{t('saved')}</Alert>}
      {current.data && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' }, maxWidth: 640 }}>
          <EnumInput
            label={t('timeZoneField')}
            value={zone}
            onChange={setZone}
            options={options}
            disabled={!canUpdate}
            helperText={t('todayThere', { date: formatIsoDate(current.data.today) })}
          />
          {canUpdate && (
            <Button variant="contained" disabled={!zone || zone === current.data.timeZone || saving.isLoading} onClick={() => void submit()}>
              {t('save')}
            </Button>
          )}
        </Stack>
      )}
    </SettingsSection>
  );
}
