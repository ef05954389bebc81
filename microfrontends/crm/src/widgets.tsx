import { Button, Link, List, ListItem, ListItemText, Typography, apiFetch, formatIsoDate, linkProps } from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useCrmT } from './i18n';

/** Rows of a CRM report (the home widgets read the module's reports: the reader's role decides which deals count). */
function useReport<T>(code: string) {
  const [rows, setRows] = useState<T[] | null | undefined>(null);
  useEffect(() => {
    apiFetch<{ items: T[] }>(`/api/crm/reports/${code}`).then((r) => setRows(r.items), () => setRows(undefined));
  }, [code]);
  return rows;
}

const SHOWN = 5;

/** «Мои задачи на сегодня»: the caller's open tasks due today or overdue. */
export function MyTasksWidget() {
  const { t } = useCrmT();
  const rows = useReport<{ id: string; task: string; due_date: string; deal: string | null }>('my_tasks_today');
  return (
    <>
      <Typography variant="h2" component="p" data-testid="crm-my-tasks-count" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {rows === null ? '…' : rows === undefined ? '—' : rows.length}
      </Typography>
      <List dense disablePadding aria-label={t('widgetTasks')}>
        {rows?.slice(0, SHOWN).map((r) => (
          <ListItem key={r.id} disableGutters>
            <ListItemText primary={r.task} secondary={[r.deal, t('due', { date: formatIsoDate(r.due_date) })].filter(Boolean).join(' · ')} />
          </ListItem>
        ))}
      </List>
      <Button size="small" {...linkProps('/m/crm/reports/my_tasks_today')}>
        {t('widgetAll')}
      </Button>
    </>
  );
}

/** «Сделки без движения»: open deals in the same stage for more than 14 days, longest first. */
export function StuckDealsWidget() {
  const { t } = useCrmT();
  const rows = useReport<{ id: string; deal: string; stage: string; days: number }>('stuck_deals');
  return (
    <>
      <Typography variant="h2" component="p" data-testid="crm-stuck-count" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {rows === null ? '…' : rows === undefined ? '—' : rows.length}
      </Typography>
      <Typography color="text.secondary">{t('widgetStuckHint')}</Typography>
      <List dense disablePadding aria-label={t('widgetStuck')}>
        {rows?.slice(0, SHOWN).map((r) => (
          <ListItem key={r.id} disableGutters>
            <ListItemText primary={<Link {...linkProps(`/m/crm/deal/${r.id}`)}>{r.deal}</Link>} secondary={t('stuckFor', { stage: r.stage, count: r.days })} />
          </ListItem>
        ))}
      </List>
      <Button size="small" {...linkProps('/m/crm/reports/stuck_deals')}>
        {t('widgetAll')}
      </Button>
    </>
  );
}
