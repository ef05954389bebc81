import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { defineCatalog } from '../../../platform/engine/declarations';
import { accountantKeeps } from '../fields';

/**
 * Производственный календарь: work days and hours of each month at a five-day week. The module seeds 2026
 * (Постановление Правительства № 1466 of 24.09.2025: 247 days, 1 972 hours) and 2025 (№ 1335 of 04.10.2024:
 * 247 days, 1 972 hours — the earnings of the year before count for sick pay); the admin corrects or adds years.
 * Items are found by month: their ids are fixed (`calendarMonthId`).
 */
export const productionCalendar = defineCatalog({
  code: 'production_calendar',
  group: 'settings',
  title: 'Производственный календарь',
  titleEn: 'Production calendar',
  orderBy: { field: 'month' },
  unique: [['month']],
  fields: {
    month: { type: 'date', title: 'Месяц (первое число)', required: true },
    work_days: { type: 'integer', title: 'Рабочих дней', required: true },
    work_hours: { type: 'decimal', title: 'Рабочих часов', scale: 1, required: true },
  },
  defaultAccess: accountantKeeps,
});

/** The fixed id of a month's item (`2026-07-01`), the same in every company. */
export function calendarMonthId(month: string): string {
  const h = createHash('sha1').update(`workcloud:staff:production_calendar:${month.slice(0, 7)}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${(8 | (parseInt(h[16], 16) & 3)).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const MONTH_NAMES = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
/** [work days, hours] by month. */
const CALENDARS: Record<number, [number, number][]> = {
  2025: [[17, 136], [20, 160], [21, 167], [22, 175], [18, 144], [19, 151], [23, 184], [21, 168], [22, 176], [23, 184], [19, 151], [22, 176]],
  2026: [[15, 120], [19, 152], [21, 168], [22, 175], [19, 151], [21, 167], [23, 184], [21, 168], [22, 176], [22, 176], [20, 159], [22, 176]],
};

/** Seeds the calendars of 2025 and 2026 when a company gets the module. */
export async function seedProductionCalendar(trx: Knex.Transaction, schema: string): Promise<void> {
  const rows = Object.entries(CALENDARS).flatMap(([year, months]) =>
    months.map(([days, hours], i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}-01`;
      const name = `${MONTH_NAMES[i]} ${year}`;
      return { id: calendarMonthId(month), name, month, work_days: days, work_hours: hours, search_text: name };
    }),
  );
  await trx(`${schema.replace(/"/g, '')}.c_staff_production_calendar`).insert(rows);
}
