import { monthStart } from '@workcloud/shared-core';
import { defineDocument } from '../../../platform/engine/declarations';
import { calendarMonthId } from '../catalogs/production-calendar';
import { accountantKeeps, department, employee, organization, position } from '../fields';

/** Штатное расписание (утверждение): positions per department with salary and headcount, in force from the date. */
export const staffingTable = defineDocument({
  code: 'staffing_tables',
  group: 'structure',
  title: 'Утверждение штатного расписания',
  titleEn: 'Staffing table approval',
  numberPrefix: 'ШР',
  numberBy: 'organization',
  fields: { organization },
  sections: {
    positions: {
      title: 'Штатные единицы',
      fields: { department, position, salary: { type: 'money', title: 'Оклад', required: true }, headcount: { type: 'integer', title: 'Количество единиц', required: true } },
    },
  },
  post: (doc) =>
    (doc.positions as { department: string; position: string; salary: number; headcount: number }[]).map((l) => ({
      register: 'staffing',
      dimensions: { department: l.department, position: l.position },
      resources: { salary: l.salary, headcount: l.headcount },
    })),
  defaultAccess: accountantKeeps,
});

/**
 * Табель учёта рабочего времени for a month: days and hours each person worked. A line left without days gets the
 * month's norm from the production calendar (the person worked the whole month).
 */
export const timesheets = defineDocument({
  code: 'timesheets',
  group: 'payroll',
  title: 'Табель учёта рабочего времени',
  titleEn: 'Timesheet',
  numberPrefix: 'ТБ',
  numberBy: 'organization',
  fields: { organization, month: { type: 'date', title: 'Месяц', required: true } },
  sections: {
    lines: {
      title: 'Сотрудники',
      fields: { employee, days: { type: 'integer', title: 'Дней' }, hours: { type: 'decimal', title: 'Часов', scale: 1 } },
    },
  },
  beforeSave: async (doc, ctx) => {
    if (!doc.month) return;
    doc.month = monthStart(doc.month);
    const norm = await ctx.catalogItem('production_calendar', calendarMonthId(doc.month));
    for (const l of doc.lines ?? []) {
      if (l.days == null) l.days = norm?.work_days ?? null;
      if (l.hours == null && norm && l.days === norm.work_days) l.hours = String(norm.work_hours);
    }
  },
  post: (doc) =>
    (doc.lines as { employee: string; days: number | null; hours: string | null }[]).map((l) => ({
      register: 'worked_time',
      period: doc.month,
      dimensions: { employee: l.employee, pay_month: doc.month },
      resources: { days: l.days ?? 0, hours: l.hours ?? '0' },
    })),
  defaultAccess: accountantKeeps,
});
