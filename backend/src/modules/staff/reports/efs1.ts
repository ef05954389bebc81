import { defineReport } from '../../../platform/engine/declarations';
import { DISMISSAL_GROUNDS } from '../documents/hr-orders';
import { accountantKeeps } from '../fields';

const EVENTS = [
  { table: 'd_staff_hirings', event: 'ПРИЕМ', document: 'Приказ о приёме на работу' },
  { table: 'd_staff_transfers', event: 'ПЕРЕВОД', document: 'Приказ о переводе' },
  { table: 'd_staff_dismissals', event: 'УВОЛЬНЕНИЕ', document: 'Приказ об увольнении' },
] as const;

/**
 * ЕФС-1, подраздел 1.1 «Сведения о трудовой (иной) деятельности»: the hirings, transfers and dismissals of an
 * organization in a period, one row per event in the form's columns — the date, the event, the position and
 * department, the ground of a dismissal, the order (name, date, number). The СФР's XML needs its schema, which
 * the product does not have yet; the report prints as the form's table.
 */
export const efs1Events = defineReport({
  code: 'efs1_events',
  group: 'reports',
  title: 'ЕФС-1, подраздел 1.1: кадровые мероприятия',
  titleEn: 'EFS-1, subsection 1.1: employment events',
  params: {
    organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true },
    from: { type: 'date', title: 'С', required: true },
    to: { type: 'date', title: 'По', required: true },
  },
  columns: [
    { field: 'n', title: '№ п/п', type: 'integer' },
    { field: 'employee', title: 'Сотрудник' },
    { field: 'date', title: 'Дата мероприятия', type: 'date' },
    { field: 'event', title: 'Мероприятие' },
    { field: 'position', title: 'Трудовая функция (должность)' },
    { field: 'department', title: 'Структурное подразделение' },
    { field: 'ground', title: 'Основание увольнения' },
    { field: 'document', title: 'Документ: наименование' },
    { field: 'document_date', title: 'Документ: дата', type: 'date' },
    { field: 'document_number', title: 'Документ: номер' },
  ],
  query: async (q, p) => {
    const rows: Record<string, any>[] = [];
    for (const e of EVENTS) {
      const docs = await q
        .knex(`${q.table(e.table)} as d`)
        .join(`${q.table('c_staff_employees')} as w`, 'w.id', 'd.employee')
        .where({ 'd.organization': p.organization, 'd.status': 'posted' })
        .whereBetween('d.date', [p.from, p.to])
        .select('d.*', 'w.name as employee_name');
      for (const d of docs) rows.push({ ...d, event: e.event, document: e.document });
    }
    // A dismissal names the position and department held until then: the latest hiring or transfer before it.
    const held = async (employee: string, date: string) => {
      const orders = [];
      for (const table of ['d_staff_hirings', 'd_staff_transfers'])
        orders.push(...(await q.knex(q.table(table)).where({ employee, status: 'posted' }).where('date', '<=', date).select('position', 'department', 'date')));
      const last = orders.sort((a, b) => String(b.date).localeCompare(String(a.date)))[0];
      return last ? { position: last.position, department: last.department } : {};
    };
    const names = async (table: string, ids: unknown[]) =>
      new Map<string, string>((await q.knex(q.table(table)).whereIn('id', ids.filter(Boolean) as string[]).select('id', 'name')).map((r) => [r.id, r.name]));
    for (const r of rows) if (r.event === 'УВОЛЬНЕНИЕ') Object.assign(r, await held(r.employee, r.date));
    const [positions, departments] = await Promise.all([names('c_staff_positions', rows.map((r) => r.position)), names('c_staff_departments', rows.map((r) => r.department))]);
    rows.sort((a, b) => String(a.date).localeCompare(String(b.date)) || String(a.employee_name).localeCompare(String(b.employee_name), 'ru'));
    return rows.map((r, i) => ({
      n: i + 1,
      employee: r.employee_name,
      date: r.date,
      event: r.event,
      position: positions.get(r.position) ?? '',
      department: departments.get(r.department) ?? '',
      ground: r.ground ? DISMISSAL_GROUNDS[r.ground as keyof typeof DISMISSAL_GROUNDS] : '',
      document: r.document,
      document_date: r.date,
      document_number: r.number,
    }));
  },
  defaultAccess: accountantKeeps,
});
