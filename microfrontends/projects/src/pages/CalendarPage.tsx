import { DndContext, useDroppable, type DragEndEvent } from '@dnd-kit/core';
import { Alert, Box, Button, ErrorState, PageHeader, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@workcloud/shared-ui';
import { useEffect, useState, type ReactNode } from 'react';
import { patchTask, tasksOf, type Task } from '../api';
import { DraggableTask, measureTargetsAlways, useTaskAnnouncements, useTaskSensors } from '../dnd';
import { useProjectsT } from '../i18n';
import { ProjectFilter, useProjectFilter } from '../ProjectFilter';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** The 42 days shown for a month: from the Monday on or before its 1st. */
function daysOf(year: number, month: number): string[] {
  const first = utc(year, month, 1);
  const start = utc(year, month, 1 - ((first.getUTCDay() + 6) % 7));
  return Array.from({ length: 42 }, (_, i) => iso(utc(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + i)));
}

/** The Monday on or before a date. */
function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return iso(utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
}
const plusDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));

/** A day of the month or week grid: a drop target named by its date. */
function Day({ date, label, muted, today, tall, children }: { date: string; label: string; muted: boolean; today: boolean; tall?: boolean; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: date });
  return (
    <Box
      ref={setNodeRef}
      role="group"
      aria-label={label}
      data-testid={`day-${date}`}
      sx={{
        minHeight: tall ? { xs: 160, md: 320 } : { xs: 64, md: 104 },
        minWidth: 0,
        p: 0.5,
        border: 1,
        borderColor: today ? 'primary.main' : 'divider',
        bgcolor: isOver ? 'action.selected' : muted ? 'action.hover' : 'background.paper',
        display: 'flex',
        flexDirection: 'column',
        gap: 0.5,
      }}
    >
      <Typography variant="caption" aria-hidden sx={{ fontWeight: today ? 700 : 400 }}>
        {Number(date.slice(8))}
      </Typography>
      {children}
    </Box>
  );
}

/** «Календарь задач»: a month or a week of due dates; a task dragged (mouse or keyboard) to another day gets that due date. */
export function CalendarPage() {
  const { t, i18n } = useProjectsT();
  const filter = useProjectFilter();
  const today = iso(new Date(Date.now() - new Date().getTimezoneOffset() * 60_000));
  const [month, setMonth] = useState(() => ({ year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) - 1 }));
  const [view, setView] = useState<'month' | 'week'>('month');
  const [week, setWeek] = useState(() => mondayOf(today));
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [moveError, setMoveError] = useState<string | null>(null);
  const load = () => tasksOf(filter.project).then((r) => (setTasks(r), setError(null)), setError);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [filter.project]);
  const sensors = useTaskSensors();
  const locale = i18n.language === 'en' ? 'en-GB' : 'ru-RU';
  const dayName = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const accessibility = useTaskAnnouncements((id) => tasks?.find((x) => x.id === id)?.name ?? '', dayName);
  const days = view === 'week' ? Array.from({ length: 7 }, (_, i) => plusDays(week, i)) : daysOf(month.year, month.month);
  const named =
    view === 'week'
      ? `${dayName(days[0])} — ${new Date(`${days[6]}T00:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}`
      : new Date(Date.UTC(month.year, month.month, 1)).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  // «декабрь 2026 г.» → «Декабрь 2026 г.» (CSS capitalize would make «Г.»).
  const title = named.charAt(0).toUpperCase() + named.slice(1);
  const shift = (by: number) =>
    view === 'week' ? setWeek((w) => plusDays(w, 7 * by)) : setMonth((m) => ({ year: m.year + Math.floor((m.month + by) / 12), month: (((m.month + by) % 12) + 12) % 12 }));
  // The week shown is today's when the month shown is today's, else the month's first; the month is the week's Monday's.
  const switchTo = (next: 'month' | 'week' | null) => {
    if (!next || next === view) return;
    const shownMonth = `${month.year}-${String(month.month + 1).padStart(2, '0')}`;
    if (next === 'week') setWeek(mondayOf(today.startsWith(shownMonth) ? today : `${shownMonth}-01`));
    else setMonth({ year: Number(week.slice(0, 4)), month: Number(week.slice(5, 7)) - 1 });
    setView(next);
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const task = tasks?.find((x) => x.id === active.id);
    const due = over?.id as string | undefined;
    if (!task || !due || due === task.due_date) return;
    setTasks((all) => all?.map((x) => (x.id === task.id ? { ...x, due_date: due } : x)) ?? null);
    setMoveError(null);
    try {
      const saved = await patchTask(task, { due_date: due });
      setTasks((all) => all?.map((x) => (x.id === saved.id ? saved : x)) ?? null);
    } catch (e) {
      setMoveError((e as { detail?: string }).detail ?? String(e));
      void load();
    }
  };

  if (error) return <ErrorState error={error} onRetry={load} />;
  const weekdays = t('weekdays', { returnObjects: true }) as string[];
  return (
    <>
      <PageHeader title={t('calendar')} subtitle={t('calendarHint')} />
      <ProjectFilter {...filter} />
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <ToggleButtonGroup size="small" exclusive value={view} onChange={(_, v) => switchTo(v)} aria-label={t('view')}>
          <ToggleButton value="month">{t('month')}</ToggleButton>
          <ToggleButton value="week">{t('week')}</ToggleButton>
        </ToggleButtonGroup>
        <Button size="small" onClick={() => shift(-1)} aria-label={t(view === 'week' ? 'prevWeek' : 'prevMonth')} sx={{ fontSize: 20 }}>
          ‹
        </Button>
        <Typography component="h2" variant="h6" sx={{ minWidth: 160, textAlign: 'center', fontSize: { xs: 16, md: 20 } }} data-testid="month">
          {title}
        </Typography>
        <Button size="small" onClick={() => shift(1)} aria-label={t(view === 'week' ? 'nextWeek' : 'nextMonth')} sx={{ fontSize: 20 }}>
          ›
        </Button>
      </Stack>
      {moveError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {moveError}
        </Alert>
      )}
      <DndContext sensors={sensors} measuring={measureTargetsAlways} onDragEnd={onDragEnd} accessibility={accessibility}>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))' }} data-testid="calendar">
          {weekdays.map((w) => (
            <Typography key={w} variant="caption" sx={{ textAlign: 'center', fontWeight: 600, py: 0.5 }}>
              {w}
            </Typography>
          ))}
          {days.map((d) => (
            <Day key={d} date={d} label={dayName(d)} muted={view === 'month' && Number(d.slice(5, 7)) - 1 !== month.month} today={d === today} tall={view === 'week'}>
              {(tasks ?? [])
                .filter((x) => x.due_date === d)
                .map((task) => (
                  <DraggableTask
                    key={task.id}
                    id={task.id}
                    dense
                    title={
                      <Typography variant="caption" component="p" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textDecoration: task.status === 'done' ? 'line-through' : undefined }}>
                        {task.name}
                      </Typography>
                    }
                  />
                ))}
            </Day>
          ))}
        </Box>
      </DndContext>
    </>
  );
}
