import { lineAmountKopecks, sumKopecks } from '@workcloud/shared-core';
import { defineDocument, type PrefillContext } from '../../../src/platform/engine/declarations';
import { timesheetPrint } from './timesheet.print';

/** A line of «Работы» as the engine hands it over: decimals as text ('7.50'), money as kopecks. */
interface WorkLine {
  project: string;
  hours: string;
  rate?: number | null;
  amount?: number;
}

/** A line without a rate gets its project's hourly rate: one query for the projects of all lines. */
async function fillRates(doc: Record<string, any>, ctx: PrefillContext) {
  const lines: WorkLine[] = (doc.lines ?? []).filter((l: WorkLine) => l.project && l.rate == null);
  const projects = await ctx.catalogItems('projects', lines.map((l) => l.project));
  // Rows come as the database keeps them: a money column (bigint) arrives as text.
  for (const line of lines) line.rate = Number(projects.get(line.project)?.hourly_rate ?? 0);
}

/** Документ «Табель»: who worked how many hours on which project; posting records hours and cost. */
export const timesheet = defineDocument({
  code: 'timesheets',
  group: 'work',
  title: 'Табель',
  titleEn: 'Timesheet',
  numberPrefix: 'ТБ',
  fields: {
    person: { type: 'string', title: 'Сотрудник', required: true, search: true },
    total: { type: 'money', title: 'Итого', computed: true },
  },
  sections: {
    lines: {
      title: 'Работы',
      fields: {
        project: { type: 'ref', ref: 'projects', title: 'Проект', required: true },
        hours: { type: 'decimal', title: 'Часы', scale: 2, required: true },
        rate: { type: 'money', title: 'Ставка в час' },
        amount: { type: 'money', title: 'Сумма', computed: true },
      },
    },
  },
  // On create and change, before `compute`: may read catalogs, may refuse the document with a Problem.
  beforeSave: fillRates,
  // Only for the form's live «…/compute»: the rate appears as soon as a project is chosen.
  prefill: fillRates,
  // On every save and every live «…/compute»; no database here. Money: integer kopecks, half-up.
  compute: (doc) => {
    const lines: WorkLine[] = doc.lines ?? [];
    for (const line of lines) line.amount = lineAmountKopecks(line.hours, line.rate ?? 0);
    doc.total = sumKopecks(lines.map((l) => l.amount));
  },
  // Posting: the document's movements, written in the posting transaction.
  post: async (doc, ctx) => {
    const lines: WorkLine[] = doc.lines;
    const projects = await ctx.catalogItems('projects', lines.map((l) => l.project));
    return lines.map((line) => ({
      register: 'hours',
      kind: 'receipt',
      dimensions: { project: line.project, customer: projects.get(line.project)!.customer as string, person: doc.person },
      resources: { hours: line.hours, cost: line.amount! },
    }));
  },
  printForms: [timesheetPrint],
  defaultAccess: { accountant: ['read', 'create', 'update', 'post'] },
});
