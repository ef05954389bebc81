import { createModuleApp, type ModuleMenuItem } from '@workcloud/shared-ui/core';
import { lazy } from 'react';

const BASE = '/m/projects';
const groups = {
  work: { code: 'work', title: 'Работа', titleEn: 'Work' },
  time: { code: 'time', title: 'Время', titleEn: 'Time' },
  reports: { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
  settings: { code: 'settings', title: 'Настройки', titleEn: 'Settings' },
};
const catalog = (code: string, title: string, titleEn: string, group: keyof typeof groups): ModuleMenuItem => ({ path: `${BASE}/catalogs/${code}`, title, titleEn, can: ['read', `projects.${code}`], group: groups[group] });
const doc = (code: string, title: string, titleEn: string): ModuleMenuItem => ({ path: `${BASE}/documents/${code}`, title, titleEn, can: ['read', `projects.${code}`], group: groups.time });
const report = (code: string, title: string, titleEn: string): ModuleMenuItem => ({ path: `${BASE}/reports/${code}`, title, titleEn, can: ['read', `projects.${code}`], group: groups.reports });

/** The module's pages, each for the roles that may read what it shows. */
export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/board`, title: 'Доска задач', titleEn: 'Task board', can: ['read', 'projects.tasks'], group: groups.work },
  { path: `${BASE}/calendar`, title: 'Календарь задач', titleEn: 'Task calendar', can: ['read', 'projects.tasks'], group: groups.work },
  { path: `${BASE}/timeline`, title: 'График задач', titleEn: 'Task timeline', can: ['read', 'projects.tasks'], group: groups.work },
  catalog('tasks', 'Задачи', 'Tasks', 'work'),
  catalog('projects', 'Проекты', 'Projects', 'work'),
  catalog('members', 'Команда проекта', 'Project team', 'work'),
  catalog('time_entries', 'Учёт времени', 'Time entries', 'time'),
  doc('timesheets', 'Табели за неделю', 'Weekly timesheets'),
  { path: `${BASE}/approve`, title: 'Утверждение табелей', titleEn: 'Timesheet approval', can: ['read', 'projects.timesheets'], group: groups.time },
  { path: `${BASE}/bill`, title: 'Выставить счёт по часам', titleEn: 'Bill the hours', can: ['create', 'projects.hour_invoices'], group: groups.time },
  doc('hour_invoices', 'Счета по часам', 'Hours invoices'),
  report('hours_by_week', 'Часы по проектам и неделям', 'Hours by project and week'),
  report('budget', 'Бюджет проектов: план и факт', 'Project budgets'),
  report('profitability', 'Рентабельность проектов', 'Project profitability'),
  report('overdue_tasks', 'Просроченные задачи', 'Overdue tasks'),
  catalog('people', 'Исполнители', 'People', 'settings'),
  catalog('roles', 'Роли в проектах', 'Project roles', 'settings'),
];

/** The pages load when one is opened: the shell loads this file on every page (the menu). */
const ProjectsApp = lazy(() => import('./ProjectsApp'));

const lifecycles = createModuleApp(ProjectsApp);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;
