import { DndContext, KeyboardSensor, MeasuringStrategy, PointerSensor, useDroppable, useSensor, useSensors, type Announcements, type DragEndEvent, type UniqueIdentifier } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Alert, Box, ErrorState, IconButton, Link, MenuItem, PageHeader, Paper, RefName, Stack, TextField, Typography, apiFetch, formatIsoDate, formatKopecks, linkProps } from '@workcloud/shared-ui';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Deal, Funnel, Stage } from '../api';
import { useCrmT } from '../i18n';
import { useManagers } from '../managers';

/** Stages are measured before a drag starts: a keyboard arrow pressed right after the pick-up finds the next stage. */
const MEASURE_STAGES_ALWAYS = { droppable: { strategy: MeasuringStrategy.Always } };

/** The drag handle's mark (six dots), drawn here: shared-ui carries only the icons the shell needs. */
const Dots = () => (
  <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M9 4a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM9 10a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM9 16a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4z" />
  </svg>
);

/**
 * A deal on the board: its name opens the card; the handle moves it (mouse, touch or keyboard). A sortable item (a drop
 * target too), so the keyboard's arrows find the neighbouring stage's cards and column.
 */
function DealCard({ deal, basePath, manager }: { deal: Deal; basePath: string; manager?: string }) {
  const { t } = useCrmT();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: deal.id });
  return (
    <Paper
      ref={setNodeRef}
      variant="outlined"
      data-testid={`deal-${deal.id}`}
      sx={{ p: 1, display: 'flex', gap: 0.5, alignItems: 'flex-start', transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.8 : 1, zIndex: isDragging ? 2 : 'auto', position: 'relative' }}
    >
      <IconButton ref={setActivatorNodeRef} size="small" aria-label={t('move', { name: deal.name })} {...attributes} aria-roledescription={t('dndRole')} {...listeners} sx={{ cursor: 'grab', touchAction: 'none' }}>
        <Dots />
      </IconButton>
      <Box sx={{ minWidth: 0 }}>
        <Link {...linkProps(`${basePath}/deal/${deal.id}`)} underline="hover" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
          {deal.name}
        </Link>
        <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
          <RefName module="crm" refCode="trade.counterparties" id={deal.counterparty} />
        </Typography>
        {deal.amount ? <Typography variant="body2">{t('amountOf', { amount: formatKopecks(deal.amount) })}</Typography> : null}
        {deal.expected_close && <Typography variant="body2" color="text.secondary">{t('closeBy', { date: formatIsoDate(deal.expected_close) })}</Typography>}
        {manager && <Typography variant="body2" color="text.secondary" data-testid="deal-manager">{t('managerOf', { name: manager })}</Typography>}
      </Box>
    </Paper>
  );
}

/** A stage's column: a drop target named by its stage. */
function StageColumn({ stage, deals, basePath, managers }: { stage: Stage; deals: Deal[]; basePath: string; managers: Map<string, string> }) {
  const { t } = useCrmT();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  const total = deals.reduce((s, d) => s + (d.amount ?? 0), 0);
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-label={stage.name}
      data-testid={`stage-${stage.name}`}
      variant="outlined"
      sx={{ p: 1, minHeight: 160, bgcolor: isOver ? 'action.hover' : 'background.default', display: 'flex', flexDirection: 'column', gap: 1 }}
    >
      <Box>
        <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {stage.name}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('probability', { value: stage.probability })} · {t('dealsCount', { count: deals.length })}
          {total ? ` · ${formatKopecks(total)}` : ''}
        </Typography>
      </Box>
      <SortableContext id={stage.id} items={deals.map((d) => d.id)} strategy={verticalListSortingStrategy}>
        {deals.length ? deals.map((d) => <DealCard key={d.id} deal={d} basePath={basePath} manager={d.manager ? managers.get(d.manager) : undefined} />) : <Typography variant="body2" color="text.secondary">{t('noDeals')}</Typography>}
      </SortableContext>
    </Paper>
  );
}

/**
 * «Сделки: доска»: a funnel's stages as columns, its deals as cards (the role's rules decide which deals come —
 * a manager may see only theirs). A deal dropped on another stage is saved at once; a stage that needs fields the
 * deal lacks refuses with the server's message, and the deal stays where it was.
 */
export function BoardPage({ basePath }: { basePath: string }) {
  const { t } = useCrmT();
  const [funnels, setFunnels] = useState<Funnel[]>([]);
  const [funnel, setFunnel] = useState('');
  const [stages, setStages] = useState<Stage[]>([]);
  const [deals, setDeals] = useState<Deal[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);

  useEffect(() => {
    apiFetch<{ items: Funnel[] }>('/api/crm/catalogs/funnels?limit=100')
      .then((f) => (setFunnels(f.items), setFunnel((cur) => cur || f.items[0]?.id || '')))
      .catch(setError);
  }, []);
  const load = useCallback(() => {
    if (!funnel) return;
    Promise.all([apiFetch<{ items: Stage[] }>(`/api/crm/catalogs/stages?funnel=${funnel}&limit=100`), apiFetch<{ items: Deal[] }>(`/api/crm/catalogs/deals?funnel=${funnel}&limit=500&sort=name`)])
      .then(([s, d]) => (setStages(s.items), setDeals(d.items), setError(null)))
      .catch(setError);
  }, [funnel]);
  useEffect(load, [load]);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const nameOf = (id: UniqueIdentifier) => deals.find((d) => d.id === id)?.name ?? '';
  // What a deal is dropped on: a stage's column, or a card in it (the card's stage).
  const stageAt = (id: UniqueIdentifier) => stages.find((s) => s.id === id)?.id ?? deals.find((d) => d.id === id)?.stage ?? '';
  const stageName = (id: UniqueIdentifier) => stages.find((s) => s.id === stageAt(id))?.name ?? '';
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dndPickedUp', { name: nameOf(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('dndOver', { name: nameOf(active.id), stage: stageName(over.id) }) : t('dndOutside', { name: nameOf(active.id) })),
    onDragEnd: ({ active, over }) => (over ? t('dndDropped', { name: nameOf(active.id), stage: stageName(over.id) }) : t('dndOutside', { name: nameOf(active.id) })),
    onDragCancel: ({ active }) => t('dndCancelled', { name: nameOf(active.id) }),
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const deal = deals.find((d) => d.id === active.id);
    const stage = over ? stageAt(over.id) : '';
    if (!deal || !stage || stage === deal.stage) return;
    setDeals((all) => all.map((d) => (d.id === deal.id ? { ...d, stage } : d)));
    try {
      await apiFetch(`/api/crm/catalogs/deals/${deal.id}`, { method: 'PATCH', body: { stage, version: deal.version } });
      setMessage({ severity: 'success', text: t('moved', { name: deal.name, stage: stageName(stage) }) });
    } catch (e) {
      setMessage({ severity: 'error', text: (e as Error).message });
    }
    load();
  };

  const people = useManagers();
  const managerNames = useMemo(() => new Map(people.map((m) => [m.id, m.name])), [people]);
  const byStage = useMemo(() => new Map(stages.map((s) => [s.id, deals.filter((d) => d.stage === s.id)])), [stages, deals]);
  if (error) return <ErrorState error={error} onRetry={load} />;
  return (
    <>
      <PageHeader
        title={t('board')}
        actions={
          funnels.length > 1 ? (
            <TextField select size="small" label={t('funnel')} value={funnel} onChange={(e) => setFunnel(e.target.value)} sx={{ minWidth: 200 }}>
              {funnels.map((f) => (
                <MenuItem key={f.id} value={f.id}>
                  {f.name}
                </MenuItem>
              ))}
            </TextField>
          ) : undefined
        }
        subtitle={t('boardHint')}
      />
      <Stack spacing={1} sx={{ mb: 1 }} aria-live="polite">
        {message && (
          <Alert severity={message.severity} onClose={() => setMessage(null)}>
            {message.text}
          </Alert>
        )}
      </Stack>
      <DndContext sensors={sensors} measuring={MEASURE_STAGES_ALWAYS} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: t('dndInstructions') } }}>
        <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', md: `repeat(${Math.max(stages.length, 1)}, minmax(0, 1fr))` } }}>
          {stages.map((s) => (
            <StageColumn key={s.id} stage={s} deals={byStage.get(s.id) ?? []} basePath={basePath} managers={managerNames} />
          ))}
        </Box>
      </DndContext>
    </>
  );
}
