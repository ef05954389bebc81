import { defineCatalog } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';
import { teamAccess } from './projects.catalog';

/** The board's columns, in order (the UI draws them from these values). */
export const TASK_STATUSES = { todo: 'К выполнению', in_progress: 'В работе', review: 'На проверке', done: 'Готово' } as const;

/** Справочник «Задачи»: of a project, with an assignee, a due date and a priority; a sub-task names its parent, a dependency the task it waits for. */
export const tasks = defineCatalog({
  code: 'tasks',
  group: 'work',
  title: 'Задачи',
  titleEn: 'Tasks',
  fields: {
    project: { type: 'ref', ref: 'projects', title: 'Проект', required: true, search: true },
    status: { type: 'enum', title: 'Статус', values: TASK_STATUSES, default: 'todo' },
    priority: { type: 'enum', title: 'Приоритет', values: { low: 'Низкий', normal: 'Обычный', high: 'Высокий', critical: 'Критический' }, default: 'normal' },
    assignee: { type: 'ref', ref: 'people', title: 'Исполнитель', search: true },
    start_date: { type: 'date', title: 'Начало', list: false },
    due_date: { type: 'date', title: 'Срок' },
    estimate_hours: { type: 'decimal', title: 'Оценка, ч', scale: 2, min: 0, list: false },
    parent: { type: 'ref', ref: 'tasks', title: 'Родительская задача', filter: { project: { field: 'project' } }, list: false },
    depends_on: { type: 'ref', ref: 'tasks', title: 'Ждёт задачу', filter: { project: { field: 'project' } }, list: false },
    description: { type: 'text', title: 'Описание', search: true },
  },
  onWrite: async (task, ctx) => {
    if (task.parent === ctx.id || task.depends_on === ctx.id) throw Problem.badRequest('Задача не может быть своей родительской задачей или ждать саму себя.');
    // The timeline draws a bar from the start to the due date.
    if (task.start_date && task.due_date && task.start_date > task.due_date) throw Problem.badRequest('«Начало» задачи позже её срока — исправьте одну из дат.');
  },
  defaultAccess: teamAccess,
});

/** Справочник «Чек-лист» (items of a task): points to tick off. */
export const checklist = defineCatalog({
  code: 'checklist',
  group: 'work',
  title: 'Чек-лист задачи',
  titleEn: 'Task checklist',
  owner: 'tasks',
  fields: { done: { type: 'boolean', title: 'Выполнено', default: false } },
  defaultAccess: teamAccess,
});

/** Справочник «Комментарии» (items of a task): the discussion; the name is the comment's text. */
export const comments = defineCatalog({
  code: 'comments',
  group: 'work',
  title: 'Комментарии к задачам',
  titleEn: 'Task comments',
  owner: 'tasks',
  fields: {
    author: { type: 'ref', ref: 'people', title: 'Автор' },
    text: { type: 'text', title: 'Текст', search: true },
  },
  defaultAccess: teamAccess,
});

/**
 * Справочник «Учёт времени»: hours a person spent on a task, typed or measured by the task's timer
 * (`timer_started` is set while it runs). «Заполнить» of the weekly timesheet takes them.
 */
export const timeEntries = defineCatalog({
  code: 'time_entries',
  group: 'time',
  title: 'Учёт времени',
  titleEn: 'Time entries',
  fields: {
    task: { type: 'ref', ref: 'tasks', title: 'Задача', required: true },
    person: { type: 'ref', ref: 'people', title: 'Исполнитель', required: true },
    date: { type: 'date', title: 'Дата', required: true },
    hours: { type: 'decimal', title: 'Часы', scale: 2, min: 0 },
    timer_started: { type: 'string', title: 'Таймер запущен', list: false },
  },
  orderBy: { field: 'date', direction: 'desc' },
  defaultAccess: teamAccess,
});

/**
 * Справочник «Вложения задач» (items of a task): a file's name, size and type; the file itself is on disk under the
 * data directory, per company (attachments.ts). Made only by the upload route (no role gets `create`); deleting the
 * item hides the file.
 */
export const attachments = defineCatalog({
  code: 'attachments',
  group: 'work',
  title: 'Вложения задач',
  titleEn: 'Task attachments',
  owner: 'tasks',
  fields: {
    size: { type: 'integer', title: 'Размер, байт', min: 0 },
    content_type: { type: 'string', title: 'Тип файла' },
    stored: { type: 'string', title: 'Файл в хранилище', list: false },
  },
  defaultAccess: { sales_manager: ['read', 'delete'], accountant: ['read'], viewer: ['read'] },
});
