import { apiFetch } from '@workcloud/shared-ui';

export type TaskStatus = 'todo' | 'in_progress' | 'review' | 'done';
export const STATUSES: TaskStatus[] = ['todo', 'in_progress', 'review', 'done'];

/** A task as the engine's catalog API gives it. */
export interface Task {
  id: string;
  name: string;
  project: string;
  status: TaskStatus;
  priority: 'low' | 'normal' | 'high' | 'critical';
  assignee: string | null;
  start_date?: string | null;
  due_date: string | null;
  depends_on?: string | null;
  version: number;
}

export interface Item {
  id: string;
  name: string;
}

export interface TimeEntry {
  id: string;
  task: string;
  timer_started: string | null;
}

const page = <T,>(path: string) => apiFetch<{ items: T[] }>(path).then((r) => r.items);

/** The open tasks (not marked deleted) of a project, or of all; the board and the calendar draw them. */
export const tasksOf = (project: string) => page<Task>(`/api/projects/catalogs/tasks?limit=500&sort=due_date${project ? `&project=${project}` : ''}`);
export const projectsList = () => page<Item>('/api/projects/catalogs/projects?limit=500&sort=name');
export const peopleList = () => page<Item>('/api/projects/catalogs/people?limit=500');
/** Moves a task (its status or due date); the version refuses a change over someone else's. */
export const patchTask = (task: Task, patch: Partial<Task>) => apiFetch<Task>(`/api/projects/catalogs/tasks/${task.id}`, { method: 'PATCH', body: { ...patch, version: task.version } });
export const runningTimer = () => apiFetch<{ entry: TimeEntry | null; now: string }>('/api/projects/timer');
export const timer = (task: string, action: 'start' | 'stop') => apiFetch<TimeEntry>(`/api/projects/tasks/${task}/timer/${action}`, { method: 'POST', body: {} });
