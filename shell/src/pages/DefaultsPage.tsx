import { Alert, ApiError, apiFetch, Button, EmptyState, Loading, type Me, MenuItem, PageHeader, Paper, Stack, TextField, Typography } from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** One of a module's «Основные значения для подстановки» (GET /api/<module>/user-defaults). */
interface UserDefault {
  catalog: string;
  title: string;
  titleEn?: string;
  item: string | null;
  name: string | null;
}
interface ModuleDefaults {
  module: string;
  title: string;
  settings: (UserDefault & { options: { id: string; name: string }[] })[];
}

/** The catalog's items to choose from; without the right to read the catalog, only the one already chosen. */
async function optionsOf(d: UserDefault) {
  const [module, code] = d.catalog.split('.');
  const chosen = d.item ? [{ id: d.item, name: d.name ?? d.item }] : [];
  try {
    const { items } = await apiFetch<{ items: { id: string; name: string }[] }>(`/api/${module}/catalogs/${code}?limit=500&sort=name`);
    return d.item && !items.some((i) => i.id === d.item) ? [...chosen, ...items] : items;
  } catch {
    return chosen;
  }
}

/**
 * «Мои настройки по умолчанию»: the person's own organization, warehouse, price type… that new documents start
 * with, for every module of the company that declares such fields (`userDefault`). Saved per module.
 */
export default function DefaultsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation('shell');
  const [modules, setModules] = useState<ModuleDefaults[] | null>(null);
  const [chosen, setChosen] = useState<Record<string, string | null>>({});
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    const load = async (m: Me['modules'][number]): Promise<ModuleDefaults | null> => {
      // A module without declarations of its own answers 404 here: it has nothing to set.
      const list = await apiFetch<UserDefault[]>(`/api/${m.code}/user-defaults`).catch(() => []);
      if (!list.length) return null;
      const settings = await Promise.all(list.map(async (d) => ({ ...d, options: await optionsOf(d) })));
      return { module: m.code, title: i18n.language === 'en' ? m.titleEn : m.title, settings };
    };
    void Promise.all(me.modules.filter((m) => !m.readOnly).map(load)).then((all) => {
      if (!live) return;
      const found = all.filter((m): m is ModuleDefaults => !!m);
      setModules(found);
      setChosen(Object.fromEntries(found.flatMap((m) => m.settings.map((s) => [`${m.module}:${s.catalog}`, s.item]))));
    });
    return () => {
      live = false;
    };
  }, [me.modules, i18n.language]);

  const save = async () => {
    setSaving(true);
    setMessage(null);
    try {
      for (const m of modules ?? []) {
        const body = Object.fromEntries(m.settings.map((s) => [s.catalog, chosen[`${m.module}:${s.catalog}`] ?? null]));
        await apiFetch(`/api/${m.module}/user-defaults`, { method: 'PUT', body });
      }
      setMessage({ severity: 'success', text: t('defaultsSaved') });
    } catch (e) {
      setMessage({ severity: 'error', text: e instanceof ApiError ? e.detail : t('common:error') });
    } finally {
      setSaving(false);
    }
  };

  if (!modules) return <Loading />;
  return (
    <>
      <PageHeader title={t('myDefaults')} subtitle={t('myDefaultsText')} />
      {modules.length === 0 ? (
        <EmptyState title={t('defaultsNone')} />
      ) : (
        <Stack spacing={2} sx={{ maxWidth: 560 }}>
          {modules.map((m) => (
            <Paper key={m.module} component="section" aria-labelledby={`defaults-${m.module}`} sx={{ p: 2 }}>
              <Typography variant="h3" id={`defaults-${m.module}`} gutterBottom>
                {m.title}
              </Typography>
              <Stack spacing={2}>
                {m.settings.map((s) => {
                  const key = `${m.module}:${s.catalog}`;
                  return (
                    <TextField
                      key={key}
                      select
                      fullWidth
                      label={i18n.language === 'en' ? (s.titleEn ?? s.title) : s.title}
                      value={chosen[key] ?? ''}
                      onChange={(e) => setChosen((c) => ({ ...c, [key]: e.target.value || null }))}
                    >
                      <MenuItem value="">{t('notChosen')}</MenuItem>
                      {s.options.map((o) => (
                        <MenuItem key={o.id} value={o.id}>
                          {o.name}
                        </MenuItem>
                      ))}
                    </TextField>
                  );
                })}
              </Stack>
            </Paper>
          ))}
          {message && (
            <Alert severity={message.severity} role={message.severity === 'success' ? 'status' : 'alert'}>
              {message.text}
            </Alert>
          )}
          <div>
            <Button variant="contained" onClick={save} disabled={saving}>
              {t('common:save')}
            </Button>
          </div>
        </Stack>
      )}
    </>
  );
}
