import { defineModule } from '../../platform/modules/define-module';
import { AttachmentsController } from './attachments';
import { HourBilling } from './billing';
import { hours, unbilled } from './hours.register';
import { ProjectsController } from './projects.controller';
import { members, people, projects, roles } from './projects.catalog';
import { budget, hoursByWeek, overdueTasks, profitability } from './projects.report';
import { attachments, checklist, comments, tasks, timeEntries } from './tasks.catalog';
import { TimeTracking } from './time-tracking';
import { hourInvoices, timesheets } from './timesheet.document';

/**
 * «Проекты», as Bitrix24 tasks / YouTrack: projects for customers of «Торговля и склад» (the shared counterparties),
 * with a manager, a team, dates and a budget in hours and money; tasks with assignees, due dates, priorities,
 * checklists, comments, sub-tasks and dependencies; time tracked by a task's timer or typed, gathered into a weekly
 * timesheet per person that the manager approves (posts); hours × rate (the person's or role's cost, the project's or
 * role's price) give the cost and, for billable projects, the amount that «Выставить счёт по часам» bills through a
 * trade Счёт на оплату or Реализация услуг (Акт), never twice. Reports: hours by week, budget, profitability, overdue
 * tasks. Its own UI (microfrontends/projects): the board, the calendar and the timer; the rest are the engine's pages.
 */
export const projectsModule = defineModule({
  code: 'projects',
  title: 'Проекты',
  titleEn: 'Projects',
  description: 'Проекты и задачи, учёт времени, счета по часам',
  descriptionEn: 'Projects and tasks, time tracking, billing by the hour',
  // 1 200,00 ₽ a month, VAT included.
  monthlyPriceKopecks: 120000,
  // Projects are for trade's counterparties and bill through trade's documents.
  depends: ['trade'],
  menuGroups: [
    { code: 'work', title: 'Работа', titleEn: 'Work' },
    { code: 'time', title: 'Время', titleEn: 'Time' },
    { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
    { code: 'settings', title: 'Настройки', titleEn: 'Settings' },
  ],
  declarations: [roles, people, projects, members, tasks, checklist, comments, attachments, timeEntries, timesheets, hourInvoices, hours, unbilled, hoursByWeek, budget, profitability, overdueTasks],
  ui: { remote: 'projects', version: '0.1.0' },
  controllers: [ProjectsController, AttachmentsController],
  providers: [HourBilling, TimeTracking],
});
