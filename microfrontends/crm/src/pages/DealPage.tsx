import { Alert, Box, Button, DateInput, ErrorState, List, ListItem, ListItemText, MenuItem, PageHeader, Paper, RefName, Stack, TextField, Typography, apiFetch, formatIsoDate, formatKopecks, useAbility } from '@workcloud/shared-ui';
import { useCallback, useEffect, useState } from 'react';
import type { Deal, Stage, TimelineEntry } from '../api';
import { useCrmT } from '../i18n';
import { useManagers } from '../managers';

const KINDS = ['call', 'meeting', 'email', 'note', 'task'] as const;

/** One line of the card's facts: a term and its value. */
function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" component="dt">
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Box>
  );
}

/**
 * The deal card: client, stage, amount, date, its Заказ клиента (or «Создать заказ клиента» from its products), and its
 * timeline — calls, meetings, e-mails, notes, tasks, stage changes and trade's documents of the client — with a form
 * that adds an entry.
 */
export function DealPage({ basePath, id }: { basePath: string; id: string }) {
  const { t } = useCrmT();
  const ability = useAbility();
  const managers = useManagers();
  const [deal, setDeal] = useState<Deal | null>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const [entry, setEntry] = useState<{ kind: (typeof KINDS)[number]; text: string; due: string }>({ kind: 'call', text: '', due: '' });

  const load = useCallback(() => {
    apiFetch<Deal>(`/api/crm/catalogs/deals/${id}`)
      .then(async (d) => {
        setDeal(d);
        setStage(await apiFetch<Stage>(`/api/crm/catalogs/stages/${d.stage}`));
        setTimeline((await apiFetch<{ items: TimelineEntry[] }>(`/api/crm/timeline?deal=${id}`)).items);
        setError(null);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);

  const run = async (action: () => Promise<string>) => {
    try {
      setMessage({ severity: 'success', text: await action() });
      load();
    } catch (e) {
      setMessage({ severity: 'error', text: (e as Error).message });
    }
  };
  // The manager is picked by name; the deal keeps the user's id (what «only my deals» roles compare).
  const setManager = (manager: string) =>
    run(async () => {
      await apiFetch(`/api/crm/catalogs/deals/${id}`, { method: 'PATCH', body: { manager: manager || null, version: deal!.version } });
      return t('managerSaved', { name: managers.find((m) => m.id === manager)?.name ?? t('noManager') });
    });
  const makeOrder = () => run(async () => t('orderMade', { number: (await apiFetch<{ number: string }>(`/api/crm/deals/${id}/order`, { method: 'POST' })).number }));
  const addEntry = () =>
    run(async () => {
      await apiFetch('/api/crm/catalogs/activities', { method: 'POST', body: { name: entry.text, kind: entry.kind, deal: id, counterparty: deal!.counterparty, due_date: entry.due || null } });
      setEntry({ kind: entry.kind, text: '', due: '' });
      return t('addEntry');
    });

  if (error) return <ErrorState error={error} onRetry={load} />;
  if (!deal) return null;
  return (
    <>
      <PageHeader
        title={deal.name}
        crumbs={[{ label: t('board'), path: `${basePath}/board` }, { label: t('deal') }]}
        actions={
          <Button href={`${basePath}/catalogs/deals/${id}`} variant="outlined">
            {t('edit')}
          </Button>
        }
      />
      {message && (
        <Alert severity={message.severity} onClose={() => setMessage(null)} sx={{ mb: 2 }}>
          {message.text}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Paper variant="outlined" sx={{ p: 2, width: { xs: '100%', md: 320 }, flexShrink: 0 }}>
          <Stack component="dl" spacing={1} sx={{ m: 0 }}>
            <Fact label={t('client')}>
              <RefName module="crm" refCode="trade.counterparties" id={deal.counterparty} />
            </Fact>
            <Fact label={t('stage')}>{stage ? `${stage.name} (${t('probability', { value: stage.probability })})` : '…'}</Fact>
            <Fact label={t('amount')}>{deal.amount ? formatKopecks(deal.amount) : '—'}</Fact>
            <Fact label={t('manager')}>
              {ability.can('update', 'crm.deals') ? (
                <TextField select size="small" fullWidth label={t('manager')} value={deal.manager ?? ''} onChange={(e) => setManager(e.target.value)}>
                  <MenuItem value="">{t('noManager')}</MenuItem>
                  {/* A manager no longer in the company stays shown by id until someone is picked. */}
                  {deal.manager && !managers.some((m) => m.id === deal.manager) && <MenuItem value={deal.manager}>{deal.manager}</MenuItem>}
                  {managers.map((m) => (
                    <MenuItem key={m.id} value={m.id}>
                      {m.name}
                    </MenuItem>
                  ))}
                </TextField>
              ) : (
                (managers.find((m) => m.id === deal.manager)?.name ?? deal.manager ?? t('noManager'))
              )}
            </Fact>
            <Fact label={t('expectedClose')}>{deal.expected_close ? formatIsoDate(deal.expected_close) : '—'}</Fact>
            <Fact label={t('order')}>{deal.order ? <RefName module="crm" refCode="trade.customer_order" id={deal.order} /> : t('noOrder')}</Fact>
          </Stack>
          {!deal.order && ability.can('create', 'trade.customer_order') && (
            <Button variant="contained" sx={{ mt: 2 }} onClick={makeOrder}>
              {t('makeOrder')}
            </Button>
          )}
        </Paper>
        <Paper variant="outlined" sx={{ p: 2, flexGrow: 1, width: '100%', minWidth: 0 }}>
          <Typography component="h2" variant="h6">
            {t('timeline')}
          </Typography>
          {ability.can('create', 'crm.activities') && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ my: 2 }}>
              <TextField select size="small" label={t('entryKind')} value={entry.kind} onChange={(e) => setEntry({ ...entry, kind: e.target.value as (typeof KINDS)[number] })} sx={{ minWidth: 140 }}>
                {KINDS.map((k) => (
                  <MenuItem key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField size="small" label={t('entryText')} value={entry.text} onChange={(e) => setEntry({ ...entry, text: e.target.value })} sx={{ flexGrow: 1 }} />
              <Box sx={{ minWidth: 170 }}>
                <DateInput size="small" label={t('dueDate')} value={entry.due} onChange={(due) => setEntry({ ...entry, due })} />
              </Box>
              <Button variant="outlined" disabled={!entry.text.trim()} onClick={addEntry}>
                {t('add')}
              </Button>
            </Stack>
          )}
          {timeline.length ? (
            <List dense aria-label={t('timeline')}>
              {timeline.map((e) => (
                <ListItem key={`${e.source}-${e.id}`} disableGutters>
                  <ListItemText
                    // Trade's documents name themselves («Заказ клиента ЗК-000001»); CRM's entries get their kind.
                    primary={e.source.startsWith('trade.') ? e.title : `${t(`kinds.${e.kind}`, { defaultValue: e.kind })}: ${e.title}`}
                    secondary={[formatIsoDate(e.at.slice(0, 10)), e.details?.due_date ? t('due', { date: formatIsoDate(String(e.details.due_date)) }) : null, e.details?.done ? t('done') : null].filter(Boolean).join(' · ')}
                  />
                </ListItem>
              ))}
            </List>
          ) : (
            <Typography color="text.secondary">{t('noTimeline')}</Typography>
          )}
        </Paper>
      </Stack>
    </>
  );
}
