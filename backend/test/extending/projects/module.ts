import { defineModule } from '../../../src/platform/modules/define-module';
import { hours } from './hours.register';
import { hoursByProject } from './hours.report';
import { projects } from './projects.catalog';
import { timesheet } from './timesheet.document';

/** The «Проекты» module: what it is, what it costs, what it holds and which pages draw it. */
export const projectsModule = defineModule({
  code: 'projects',
  title: 'Проекты',
  titleEn: 'Projects',
  description: 'Проекты, табели, трудозатраты',
  monthlyPriceKopecks: 80000,
  menuGroups: [
    { code: 'work', title: 'Работа', titleEn: 'Work' },
    { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
  ],
  declarations: [projects, hours, timesheet, hoursByProject],
  ui: { remote: 'engine' },
});
