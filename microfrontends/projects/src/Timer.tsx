import { Alert, Button, Stack, Typography } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { runningTimer, timer, type Task, type TimeEntry } from './api';
import { useProjectsT } from './i18n';

const two = (n: number) => String(n).padStart(2, '0');
const elapsedOf = (ms: number) => `${Math.floor(ms / 3_600_000)}:${two(Math.floor(ms / 60_000) % 60)}:${two(Math.floor(ms / 1000) % 60)}`;

/** The user's running timer (the server's clock decides the hours), and a start/stop for a task. */
export function useTimer(onChange?: () => void) {
  const [entry, setEntry] = useState<TimeEntry | null>(null);
  const [skew, setSkew] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    runningTimer().then(
      (r) => (setEntry(r.entry), setSkew(Date.parse(r.now) - Date.now())),
      () => setEntry(null),
    );
  useEffect(() => void load(), []);
  const toggle = async (task: Task) => {
    setError(null);
    try {
      await timer(task.id, entry?.task === task.id ? 'stop' : 'start');
      await load();
      onChange?.();
    } catch (e) {
      setError((e as { detail?: string }).detail ?? String(e));
    }
  };
  return { entry, skew, error, toggle };
}

/** «Идёт таймер: задача, 0:12:05» with its stop button, or a hint. */
export function TimerBar({ entry, skew, error, tasks, onStop }: { entry: TimeEntry | null; skew: number; error: string | null; tasks: Task[]; onStop: (task: Task) => void }) {
  const { t } = useProjectsT();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!entry) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [entry]);
  const task = entry && tasks.find((x) => x.id === entry.task);
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {error && <Alert severity="error">{error}</Alert>}
      {entry && entry.timer_started ? (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} role="status">
          <Typography data-testid="timer">{t('timerRunning', { task: task?.name ?? '…', elapsed: elapsedOf(Math.max(0, now + skew - Date.parse(entry.timer_started))) })}</Typography>
          {task && (
            <Button size="small" variant="outlined" onClick={() => onStop(task)}>
              {t('timerStop', { task: task.name })}
            </Button>
          )}
        </Stack>
      ) : (
        <Typography color="text.secondary" variant="body2">
          {t('timerNone')}
        </Typography>
      )}
    </Stack>
  );
}
