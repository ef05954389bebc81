import { Box, ErrorState, PageHeader, Typography } from '@workcloud/shared-ui';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { tasksOf, type Task } from '../api';
import { useProjectsT } from '../i18n';
import { ProjectFilter, useProjectFilter } from '../ProjectFilter';

const dayMs = 86_400_000;
const dayNo = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / dayMs;
const isoOf = (n: number) => new Date(n * dayMs).toISOString().slice(0, 10);
const ROW = 36;
const BAR = 20;

interface Bar {
  task: Task;
  from: number;
  to: number;
}

/** Tasks with a date, each after the task it waits for (then by start and due date): a dependency always points down. */
function ordered(tasks: Task[]): Bar[] {
  const bars = tasks
    .filter((t) => t.start_date || t.due_date)
    .map((task) => ({ task, from: dayNo(task.start_date ?? task.due_date!), to: dayNo(task.due_date ?? task.start_date!) }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.task.name.localeCompare(b.task.name));
  const byId = new Map(bars.map((b) => [b.task.id, b]));
  const out: Bar[] = [];
  const seen = new Set<string>();
  const visit = (b: Bar) => {
    if (seen.has(b.task.id)) return;
    seen.add(b.task.id);
    const before = b.task.depends_on ? byId.get(b.task.depends_on) : undefined;
    if (before) visit(before);
    out.push(b);
  };
  bars.forEach(visit);
  return out;
}

/**
 * «График задач»: a Gantt-like timeline of the tasks — a bar from each task's start (its due date when it has none) to its
 * due date, a task below the one it waits for, and an arrow from that one's end to its start.
 */
export function TimelinePage() {
  const { t, i18n } = useProjectsT();
  const filter = useProjectFilter();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => tasksOf(filter.project).then((r) => (setTasks(r), setError(null)), setError);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [filter.project]);
  // Bars and arrows are laid out in pixels of the chart's width.
  const chart = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = chart.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, [tasks]);

  if (error) return <ErrorState error={error} onRetry={load} />;
  const locale = i18n.language === 'en' ? 'en-GB' : 'ru-RU';
  const dayName = (n: number) => new Date(n * dayMs).toLocaleDateString(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const bars = ordered(tasks ?? []);
  const undated = (tasks ?? []).length - bars.length;
  const first = Math.min(...bars.map((b) => b.from)) - 1;
  const days = Math.max(...bars.map((b) => b.to)) + 2 - first;
  const x = (n: number) => ((n - first) / days) * width;
  const row = new Map(bars.map((b, i) => [b.task.id, i]));
  // A label every Monday (or every few when the range is long).
  const step = days > 120 ? 28 : days > 45 ? 14 : 7;
  const mondays = Array.from({ length: days }, (_, i) => first + i).filter((n) => new Date(n * dayMs).getUTCDay() === 1 && Math.round((n - first) / 7) % (step / 7) === 0);
  const colour = (task: Task) => (task.status === 'done' ? 'success.main' : task.status === 'in_progress' || task.status === 'review' ? 'primary.main' : 'grey.600');

  return (
    <>
      <PageHeader title={t('timeline')} subtitle={t('timelineHint')} />
      <ProjectFilter {...filter} />
      {tasks && !bars.length && <Typography color="text.secondary">{t('empty')}</Typography>}
      {bars.length > 0 && (
        // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
        <Box role="region" aria-label={t('timeline')} tabIndex={0} sx={{ overflowX: 'auto' }}>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '120px minmax(480px, 1fr)', md: '220px minmax(0, 1fr)' } }}>
            <Box />
            <Box sx={{ position: 'relative', height: 24, borderBottom: 1, borderColor: 'divider' }} aria-hidden>
              {width > 0 &&
                mondays.map((n) => (
                  <Typography key={n} variant="caption" sx={{ position: 'absolute', left: x(n), top: 2, whiteSpace: 'nowrap' }}>
                    {isoOf(n).slice(8, 10)}.{isoOf(n).slice(5, 7)}
                  </Typography>
                ))}
            </Box>
            <Box component="ol" data-testid="timeline-tasks" sx={{ listStyle: 'none', m: 0, p: 0 }}>
              {bars.map((b) => (
                <Typography key={b.task.id} component="li" variant="body2" noWrap sx={{ height: ROW, lineHeight: `${ROW}px`, pr: 1, textDecoration: b.task.status === 'done' ? 'line-through' : undefined }}>
                  {b.task.name}
                </Typography>
              ))}
            </Box>
            <Box ref={chart} data-testid="timeline" sx={{ position: 'relative', height: bars.length * ROW }}>
              {width > 0 &&
                mondays.map((n) => <Box key={n} aria-hidden sx={{ position: 'absolute', left: x(n), top: 0, bottom: 0, borderLeft: 1, borderColor: 'divider' }} />)}
              {width > 0 &&
                bars.map((b, i) => {
                  const waits = b.task.depends_on ? bars.find((o) => o.task.id === b.task.depends_on) : undefined;
                  const label = t('bar', { task: b.task.name, from: dayName(b.from), to: dayName(b.to) }) + (waits ? t('waits', { task: waits.task.name }) : '');
                  return (
                    <Box
                      key={b.task.id}
                      role="img"
                      aria-label={label}
                      title={label}
                      data-testid={`bar-${b.task.id}`}
                      sx={{ position: 'absolute', left: x(b.from), width: Math.max(x(b.to + 1) - x(b.from), 6), top: i * ROW + (ROW - BAR) / 2, height: BAR, borderRadius: 1, bgcolor: colour(b.task) }}
                    />
                  );
                })}
              {width > 0 && (
                <Box component="svg" aria-hidden sx={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none', color: 'text.secondary', overflow: 'visible' }}>
                  <defs>
                    <marker id="wc-projects-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                      <path d="M0,0 L8,4 L0,8 z" fill="currentColor" />
                    </marker>
                  </defs>
                  {bars.map((b) => {
                    const from = b.task.depends_on ? row.get(b.task.depends_on) : undefined;
                    if (from === undefined) return null;
                    const before = bars[from];
                    const [x1, y1] = [x(before.to + 1), from * ROW + ROW / 2];
                    const [x2, y2] = [x(b.from), row.get(b.task.id)! * ROW + ROW / 2];
                    // Out of the end, down to the row, into the start.
                    return <path key={b.task.id} d={`M${x1},${y1} H${x1 + 6} V${y2} H${x2}`} fill="none" stroke="currentColor" strokeWidth={1.5} markerEnd="url(#wc-projects-arrow)" />;
                  })}
                </Box>
              )}
            </Box>
          </Box>
        </Box>
      )}
      {undated > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {t('undated', { count: undated })}
        </Typography>
      )}
    </>
  );
}
