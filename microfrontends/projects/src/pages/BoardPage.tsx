import { DndContext, useDroppable, type DragEndEvent } from '@dnd-kit/core';
import { Alert, Box, Chip, ErrorState, IconButton, Link, PageHeader, Paper, Stack, Typography, formatIsoDate, linkProps } from '@workcloud/shared-ui';
import { useEffect, useState, type ReactNode } from 'react';
import { patchTask, peopleList, STATUSES, tasksOf, type Item, type Task, type TaskStatus } from '../api';
import { DraggableTask, measureTargetsAlways, useTaskAnnouncements, useTaskSensors } from '../dnd';
import { useProjectsT } from '../i18n';
import { ProjectFilter, useProjectFilter } from '../ProjectFilter';
import { AttachmentsButton } from '../Attachments';
import { TimerBar, useTimer } from '../Timer';

/** A column of the board: a drop target named by its status. */
function Column({ status, title, tasks, children }: { status: TaskStatus; title: string; tasks: number; children: ReactNode }) {
  const { t } = useProjectsT();
  const { setNodeRef, isOver } = useDroppable({ id: status });
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-label={title}
      data-testid={`column-${status}`}
      sx={{ flex: '1 0 250px', minWidth: 250, p: 1.5, bgcolor: isOver ? 'action.selected' : 'action.hover', display: 'flex', flexDirection: 'column', gap: 1, minHeight: 240 }}
    >
      <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t('tasksIn', { status: title, count: tasks })}
      </Typography>
      {children}
      {tasks === 0 && (
        <Typography variant="body2" color="text.secondary">
          {t('empty')}
        </Typography>
      )}
    </Paper>
  );
}

/** «Доска задач»: the tasks in columns by status; a card dragged (mouse or keyboard) to another column changes its status. */
export function BoardPage({ basePath }: { basePath: string }) {
  const { t } = useProjectsT();
  const filter = useProjectFilter();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [people, setPeople] = useState<Item[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [moveError, setMoveError] = useState<string | null>(null);
  const load = () => tasksOf(filter.project).then((r) => (setTasks(r), setError(null)), setError);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [filter.project]);
  useEffect(() => void peopleList().then(setPeople, () => setPeople([])), []);
  const clock = useTimer();
  const sensors = useTaskSensors();
  const statusTitle = (s: string) => t(`statuses.${s}`);
  const accessibility = useTaskAnnouncements((id) => tasks?.find((x) => x.id === id)?.name ?? '', statusTitle);

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const task = tasks?.find((x) => x.id === active.id);
    const status = over?.id as TaskStatus | undefined;
    if (!task || !status || status === task.status) return;
    // Shown at once; the server's answer (or refusal) replaces it.
    setTasks((all) => all?.map((x) => (x.id === task.id ? { ...x, status } : x)) ?? null);
    setMoveError(null);
    try {
      const saved = await patchTask(task, { status });
      setTasks((all) => all?.map((x) => (x.id === saved.id ? saved : x)) ?? null);
    } catch (e) {
      setMoveError((e as { detail?: string }).detail ?? String(e));
      void load();
    }
  };

  if (error) return <ErrorState error={error} onRetry={load} />;
  const personName = (id: string | null) => people.find((p) => p.id === id)?.name;
  return (
    <>
      <PageHeader title={t('board')} subtitle={t('boardHint')} />
      <ProjectFilter {...filter} />
      <TimerBar {...clock} tasks={tasks ?? []} onStop={clock.toggle} />
      {moveError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {moveError}
        </Alert>
      )}
      <DndContext sensors={sensors} measuring={measureTargetsAlways} onDragEnd={onDragEnd} accessibility={accessibility}>
        <Box sx={{ display: 'flex', gap: 2, overflowX: 'auto', pb: 1, alignItems: 'stretch' }} data-testid="board">
          {STATUSES.map((status) => {
            const here = (tasks ?? []).filter((x) => x.status === status);
            return (
              <Column key={status} status={status} title={statusTitle(status)} tasks={here.length}>
                {here.map((task) => {
                  const running = clock.entry?.task === task.id;
                  return (
                    <DraggableTask
                      key={task.id}
                      id={task.id}
                      title={<Typography sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>{task.name}</Typography>}
                      actions={
                        <>
                          <AttachmentsButton task={task.id} name={task.name} />
                          <IconButton size="small" aria-label={t(running ? 'timerStop' : 'timerStart', { task: task.name })} aria-pressed={running} onClick={() => void clock.toggle(task)}>
                            <span aria-hidden>{running ? '■' : '▶'}</span>
                          </IconButton>
                        </>
                      }
                      details={
                        <>
                          <Stack direction="row" spacing={1} sx={{ mt: 0.5, flexWrap: 'wrap', alignItems: 'center', rowGap: 0.5 }}>
                            <Chip size="small" variant="outlined" label={t(`priorities.${task.priority}`)} />
                            <Typography variant="body2" color="text.secondary">
                              {task.due_date ? t('due', { date: formatIsoDate(task.due_date) }) : t('noDue')}
                            </Typography>
                          </Stack>
                          {task.assignee && (
                            <Typography variant="body2" color="text.secondary">
                              {personName(task.assignee)}
                            </Typography>
                          )}
                        </>
                      }
                    />
                  );
                })}
              </Column>
            );
          })}
        </Box>
      </DndContext>
      <Typography variant="body2" sx={{ mt: 2 }}>
        <Link {...linkProps(`${basePath}/catalogs/tasks`)}>{t('list')}</Link>
      </Typography>
    </>
  );
}
