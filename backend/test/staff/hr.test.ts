import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestStack } from '../support/stack';
import { create, post, startStaffCompany, type Api } from './support';

let stack: TestStack;
let api: Api;
let org: string;
const id: Record<string, string> = {};

beforeAll(async () => {
  const company = await startStaffCompany('staff-hr', 'admin@kadry-hr.ru');
  ({ stack, api } = company);
  org = company.organization;
  id.company = await create(api, 'staff', 'catalogs/departments', { name: 'Компания', organization: org });
  id.sales = await create(api, 'staff', 'catalogs/departments', { name: 'Продажи', organization: org, parent: id.company });
  id.manager = await create(api, 'staff', 'catalogs/positions', { name: 'Менеджер' });
  id.petrov = await create(api, 'staff', 'catalogs/employees', { name: 'Петров Олег Ильич', organization: org });
}, 120_000);
afterAll(() => stack?.close());

const staffingOn = async (date: string) => (await api.get(`/api/staff/reports/staffing_on_date?date=${date}`)).body;

test('the production calendars of 2025 and 2026 are seeded — 247 work days each — and the admin corrects a month', async () => {
  const calendar = (await api.get('/api/staff/catalogs/production_calendar?limit=50')).body.items;
  expect(calendar).toHaveLength(24);
  const days = (months: { work_days: number }[]) => months.reduce((s, m) => s + m.work_days, 0);
  expect(calendar[0]).toMatchObject({ name: 'Январь 2025', month: '2025-01-01', work_days: 17, work_hours: '136.0' });
  expect(calendar[12]).toMatchObject({ name: 'Январь 2026', month: '2026-01-01', work_days: 15, work_hours: '120.0' });
  expect([days(calendar.slice(0, 12)), days(calendar.slice(12))]).toEqual([247, 247]);
  const december = calendar[23];
  const fixed = await api.patch(`/api/staff/catalogs/production_calendar/${december.id}`, { work_days: 21, version: december.version });
  expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
  expect(fixed.body.work_days).toBe(21);
});

test('the staffing table is versioned by date; departments form a tree', async () => {
  await post(api, 'staffing_tables', { organization: org, date: '2026-01-01', positions: [{ department: id.sales, position: id.manager, salary: 6_000_000, headcount: 2 }] });
  await post(api, 'staffing_tables', { organization: org, date: '2026-04-01', positions: [{ department: id.sales, position: id.manager, salary: 7_000_000, headcount: 3 }] });
  // February: 2 × 60 000 = 120 000 ₽ a month; from April: 3 × 70 000 = 210 000 ₽.
  expect((await staffingOn('2026-02-01')).items).toEqual([{ department: 'Продажи', position: 'Менеджер', salary: 6_000_000, headcount: 2, fund: 12_000_000 }]);
  expect((await staffingOn('2026-05-01')).items).toEqual([{ department: 'Продажи', position: 'Менеджер', salary: 7_000_000, headcount: 3, fund: 21_000_000 }]);
  expect((await staffingOn('2025-12-31')).items).toEqual([]);
  const sales = await api.get(`/api/staff/catalogs/departments?parent=${id.company}`);
  expect(sales.body.items.map((d: { name: string }) => d.name)).toEqual(['Продажи']);
});

test('hiring and a transfer write the employment the payroll uses; a second hiring and a transfer of nobody are refused', async () => {
  const hiring = await post(api, 'hirings', { organization: org, date: '2026-01-12', employee: id.petrov, department: id.sales, position: id.manager, salary: 6_000_000 });
  const again = await api.post('/api/staff/documents/hirings?post=true', { organization: org, date: '2026-02-01', employee: id.petrov, department: id.sales, position: id.manager, salary: 6_000_000 });
  expect(again.status).toBe(422);
  expect(again.body.detail).toBe('Сотрудник уже принят на работу: для новой должности или оклада оформите кадровый перевод.');
  const transfer = await post(api, 'transfers', { organization: org, date: '2026-04-01', employee: id.petrov, department: id.sales, position: id.manager, salary: 7_000_000 });
  const nobody = await create(api, 'staff', 'catalogs/employees', { name: 'Никто', organization: org });
  const refused = await api.post('/api/staff/documents/transfers?post=true', { organization: org, date: '2026-04-01', employee: nobody, department: id.sales, position: id.manager, salary: 1 });
  expect(refused.status).toBe(422);
  const employment = [];
  for (const doc of [hiring, transfer]) employment.push(...(await api.get(`/api/staff/registers/employment/movements?recorder=${doc.id}`)).body.items);
  expect(employment.map((m: Record<string, any>) => [m.period, m.salary, m.status, m.hired_on])).toEqual([
    ['2026-01-12', '6000000', 'working', '2026-01-12'],
    ['2026-04-01', '7000000', 'working', '2026-01-12'],
  ]);
  // March at the old salary, April at the new one (both months worked in full: 21 and 22 days).
  const payroll = async (month: string, terms = {}) => (await post(api, 'payrolls', { organization: org, month, date: month, lines: [{ employee: id.petrov }], ...terms })).lines[0];
  expect(await payroll('2026-03-01')).toMatchObject({ salary_rate: 6_000_000, norm_days: 21, days: 21, salary: 6_000_000 });
  // April in the North: районный коэффициент 1,15 and северная надбавка 30 % — 70 000 × 0,15 + 70 000 × 30 % = 31 500 ₽ more.
  expect(await payroll('2026-04-01', { regional_coefficient: '1.15', northern_percent: '30' })).toMatchObject({ salary_rate: 7_000_000, norm_days: 22, days: 22, salary: 7_000_000, regional: 3_150_000, accrued: 10_150_000 });
  // Vacation left on 31 May: 12 January – 31 May is 4 months and 20 days → 5 months × 28 / 12 = 11,67 days; a week taken in May → 4,67.
  await post(api, 'vacations', { organization: org, date: '2026-05-15', employee: id.petrov, date_from: '2026-05-18', days: 7 });
  const balances = await api.get('/api/staff/reports/vacation_balances?date=2026-05-31');
  expect(balances.body.items).toEqual([{ employee: 'Петров Олег Ильич', hired_on: '2026-01-12', earned: '11.67', taken: '7.00', left: '4.67' }]);
});

test('a табель line without days gets the month’s norm from the calendar; a vacation after dismissal is refused', async () => {
  const sheet = await post(api, 'timesheets', { organization: org, month: '2026-05-15', date: '2026-05-31', lines: [{ employee: id.petrov }] });
  expect(sheet.month).toBe('2026-05-01');
  expect(sheet.lines[0]).toMatchObject({ days: 19, hours: '151.0' });
  await post(api, 'dismissals', { organization: org, date: '2026-06-30', employee: id.petrov });
  const late = await api.post('/api/staff/documents/vacations?post=true', { organization: org, date: '2026-07-01', employee: id.petrov, date_from: '2026-07-06', days: 7 });
  expect(late.status).toBe(422);
  expect(late.body.detail).toMatch(/работающему сотруднику/);
});

test('a sick leave pays the employer’s 3 days at the share of the insurance record, from the card', async () => {
  const sidorova = await create(api, 'staff', 'catalogs/employees', { name: 'Сидорова Анна Петровна', organization: org, insurance_record: 'from_5_to_8' });
  // No earnings in the 24 months before: the МРОТ floor 27 093 × 24 / 730 = 890,73 ₽ a day; 5 to 8 years of record — 80 %:
  // 890,73 × 3 × 0,8 = 2 137,752 → 2 137,75 ₽.
  const sick = await post(api, 'sick_leaves', { organization: org, date: '2026-03-16', employee: sidorova, date_from: '2026-03-10', days: 5 });
  expect(sick).toMatchObject({ average_daily: 890_73, percent: 80, employer_days: 3, amount: 2_137_75 });
  const refused = await api.post('/api/staff/documents/sick_leaves', { organization: org, date: '2030-03-16', employee: sidorova, date_from: '2030-03-10', days: 5 });
  expect(refused.status).toBe(422);
  expect(refused.body.detail).toBe('Больничный с 2030 года: в модуле нет предельных баз взносов за 2028 и 2029 годы — расчёт невозможен до обновления.');
});
