import { lineAmountKopecks, sumKopecks } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { defineDocument, type PrefillContext } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';

/** A line of «Часы» as the engine hands it over: decimals as text ('7.50'), money as kopecks. */
interface HoursLine {
  project: string;
  task?: string | null;
  day: string;
  hours: string;
  billable?: boolean;
  cost_rate?: number | null;
  bill_rate?: number | null;
  cost?: number;
  amount?: number;
}

const dayMs = 86_400_000;
const ruDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * dayMs).toISOString().slice(0, 10);

/**
 * The rates of each line, when not typed: the cost of an hour is the person's own, else their role's; the price for the
 * customer is the project's rate, else the person's role's (a rate of 0 counts as not set). A line of a project not billed to its customer bills nothing.
 */
async function fillRates(doc: Record<string, any>, ctx: PrefillContext) {
  const lines: HoursLine[] = (doc.lines ?? []).filter((l: HoursLine) => l.project);
  if (!doc.person || !lines.length) return;
  const person = await ctx.catalogItem('people', doc.person);
  const role = person?.role ? await ctx.catalogItem('roles', person.role) : null;
  const projects = await ctx.catalogItems('projects', lines.map((l) => l.project));
  // Rows come as the database keeps them: money (bigint) as text; a rate left empty is 0 there, i.e. not set.
  const rate = (v: unknown) => Number(v ?? 0) || null;
  for (const line of lines) {
    const project = projects.get(line.project);
    line.billable = project?.billable !== false;
    line.cost_rate ??= rate(person?.cost_rate) ?? rate(role?.cost_rate) ?? 0;
    line.bill_rate ??= rate(project?.hourly_rate) ?? rate(role?.bill_rate) ?? 0;
  }
}

/** Документ «Табель за неделю»: one person's hours of a week (Monday to Sunday) by project and task; posting is the manager's approval. */
export const timesheets = defineDocument({
  code: 'timesheets',
  group: 'time',
  title: 'Табель за неделю',
  titleEn: 'Weekly timesheet',
  numberPrefix: 'ТБН',
  fields: {
    person: { type: 'ref', ref: 'people', title: 'Исполнитель', required: true, search: true },
    week: { type: 'date', title: 'Неделя с (понедельник)', required: true },
    hours: { type: 'decimal', title: 'Часов', scale: 2, computed: true },
    cost: { type: 'money', title: 'Себестоимость', computed: true },
    total: { type: 'money', title: 'К выставлению', computed: true },
  },
  sections: {
    lines: {
      title: 'Часы',
      titleEn: 'Hours',
      fields: {
        project: { type: 'ref', ref: 'projects', title: 'Проект', required: true },
        task: { type: 'ref', ref: 'tasks', title: 'Задача', filter: { project: { field: 'project' } } },
        day: { type: 'date', title: 'День', required: true },
        hours: { type: 'decimal', title: 'Часы', scale: 2, required: true, min: 0 },
        billable: { type: 'boolean', title: 'Выставляется', computed: true },
        cost_rate: { type: 'money', title: 'Себестоимость часа', min: 0 },
        bill_rate: { type: 'money', title: 'Ставка для заказчика', min: 0 },
        cost: { type: 'money', title: 'Себестоимость', computed: true },
        amount: { type: 'money', title: 'К выставлению', computed: true },
      },
    },
  },
  formActions: [{ code: 'fill', title: 'Заполнить из учёта времени', titleEn: 'Fill from time entries', route: '/api/projects/timesheets/fill', needs: ['person', 'week'], fills: 'lines' }],
  beforeSave: async (doc, ctx) => {
    // A form's live compute may come before the week is chosen (saving refuses a missing week by itself).
    if (!doc.week) return;
    if (new Date(`${doc.week}T00:00:00Z`).getUTCDay() !== 1) throw Problem.badRequest(`«Неделя с»: ${ruDate(doc.week)} — не понедельник; укажите понедельник недели.`);
    const last = addDays(doc.week, 6);
    (doc.lines ?? []).forEach((l: HoursLine, i: number) => {
      if (l.day < doc.week || l.day > last) throw Problem.badRequest(`Строка ${i + 1}: день ${ruDate(l.day)} не входит в неделю ${ruDate(doc.week)}–${ruDate(last)}.`);
    });
    await fillRates(doc, ctx);
  },
  prefill: fillRates,
  compute: (doc) => {
    const lines: HoursLine[] = doc.lines ?? [];
    for (const line of lines) {
      if (!line.hours) continue;
      line.cost = lineAmountKopecks(line.hours, line.cost_rate ?? 0);
      line.amount = line.billable === false ? 0 : lineAmountKopecks(line.hours, line.bill_rate ?? 0);
    }
    doc.hours = lines.reduce((s, l) => s.plus(l.hours || 0), new Decimal(0)).toFixed(2);
    doc.cost = sumKopecks(lines.map((l) => l.cost));
    doc.total = sumKopecks(lines.map((l) => l.amount));
  },
  // Approval: the hours become the projects' (cost, amount) and the billable ones wait to be billed, by rate.
  post: (doc) => {
    const lines: HoursLine[] = doc.lines;
    const worked = lines.map((l) => ({
      register: 'hours',
      period: l.day,
      dimensions: { project: l.project, person: doc.person, ...(l.task ? { task: l.task } : {}) },
      resources: { hours: l.hours, cost: l.cost!, amount: l.amount! },
    }));
    const toBill = new Map<string, { project: string; rate: number; hours: Decimal }>();
    for (const l of lines.filter((x) => x.billable && x.amount! > 0)) {
      const key = `${l.project}/${l.bill_rate}`;
      const row = toBill.get(key) ?? { project: l.project, rate: l.bill_rate!, hours: new Decimal(0) };
      toBill.set(key, { ...row, hours: row.hours.plus(l.hours) });
    }
    const waiting = [...toBill.values()].map((r) => ({
      register: 'unbilled',
      kind: 'receipt' as const,
      dimensions: { project: r.project, timesheet: doc.id, rate: r.rate },
      resources: { hours: r.hours.toFixed(2) },
    }));
    return [...worked, ...waiting];
  },
  defaultAccess: { sales_manager: ['read', 'create', 'update'], accountant: ['read'], viewer: ['read'] },
});

/**
 * Документ «Счёт по часам»: what «Выставить счёт по часам» billed of a project — the approved hours by timesheet and
 * rate, and the trade document made for them. Made and posted only by the module (billing.ts); cancelling it returns
 * the hours to «Часы к выставлению».
 */
export const hourInvoices = defineDocument({
  code: 'hour_invoices',
  group: 'time',
  title: 'Счёт по часам',
  titleEn: 'Hours invoice',
  numberPrefix: 'СЧЧ',
  fields: {
    project: { type: 'ref', ref: 'projects', title: 'Проект', required: true, search: true },
    invoice: { type: 'ref', ref: 'trade.invoice_for_payment', title: 'Счёт на оплату' },
    sale: { type: 'ref', ref: 'trade.sale', title: 'Реализация (акт)' },
    hours: { type: 'decimal', title: 'Часов', scale: 2, computed: true },
    total: { type: 'money', title: 'Сумма', computed: true },
  },
  sections: {
    lines: {
      title: 'Часы',
      titleEn: 'Hours',
      fields: {
        timesheet: { type: 'ref', ref: 'timesheets', title: 'Табель', required: true },
        rate: { type: 'money', title: 'Ставка в час', required: true },
        hours: { type: 'decimal', title: 'Часы', scale: 2, required: true, min: 0 },
      },
    },
  },
  beforeSave: async (doc) => {
    // Made by the bill route with its trade document; typed by hand it would take hours off without billing them.
    if (!doc.invoice && !doc.sale) throw Problem.unprocessable('«Счёт по часам» создаётся кнопкой «Выставить счёт по часам» вместе с документом торговли.');
  },
  compute: (doc) => {
    const lines: { rate: number; hours: string }[] = doc.lines ?? [];
    const hoursOf = (ls: typeof lines) => ls.reduce((s, l) => s.plus(l.hours || 0), new Decimal(0));
    doc.hours = hoursOf(lines).toFixed(2);
    // As the trade document bills it: one line per rate, its hours × the rate, half-up to a kopeck.
    const rates = [...new Set(lines.map((l) => l.rate))];
    doc.total = sumKopecks(rates.map((r) => lineAmountKopecks(hoursOf(lines.filter((l) => l.rate === r)).toFixed(), r)));
  },
  post: (doc) =>
    (doc.lines as { timesheet: string; rate: number; hours: string }[]).map((l) => ({
      register: 'unbilled',
      kind: 'expense' as const,
      dimensions: { project: doc.project, timesheet: l.timesheet, rate: l.rate },
      resources: { hours: l.hours },
    })),
  defaultAccess: { sales_manager: ['read'], accountant: ['read'], viewer: ['read'] },
});
