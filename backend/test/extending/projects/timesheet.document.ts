import Decimal from 'decimal.js';
import { defineDocument } from '../../../src/platform/engine/declarations';

/** Документ «Табель»: who worked how many hours on which project; posting records the hours. */
export const timesheet = defineDocument({
  module: 'projects',
  code: 'timesheets',
  title: 'Табель',
  titleEn: 'Timesheet',
  numberPrefix: 'ТБ',
  fields: {
    person: { type: 'string', title: 'Сотрудник', required: true, search: true },
  },
  sections: {
    lines: {
      title: 'Работы',
      fields: {
        project: { type: 'ref', ref: 'projects', title: 'Проект', required: true },
        hours: { type: 'decimal', title: 'Часы', scale: 2, required: true },
      },
    },
  },
  // Turns the document into register movements; runs inside the posting transaction.
  post: async (doc, ctx) => {
    const movements = [];
    for (const line of doc.lines) {
      const project = await ctx.catalogItem('projects', line.project);
      const rate = Number(project?.hourly_rate ?? 0);
      // Money is integer kopecks: hours × rate, rounded half-up to a kopeck.
      const cost = new Decimal(line.hours).times(rate).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
      movements.push({ register: 'hours', dimensions: { project: line.project, person: doc.person }, resources: { hours: line.hours, cost } });
    }
    return movements;
  },
  defaultAccess: { accountant: ['read', 'create', 'update', 'post'] },
});
