import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestStack } from '../support/stack';
import { create, post, startStaffCompany, type Api } from './support';

/**
 * «Заполнить» of «Начисление зарплаты» (POST /api/staff/payrolls/fill), March 2026 (21 work days by the calendar):
 *   Орлов — in the organization since January, оклад 100 000 ₽, no табель: the whole norm;
 *   Белова — hired on 16 March, оклад 60 000 ₽, табель 12 days;
 *   Сидоров — dismissed on 27 February: not in March's list;
 *   Кузнецов — works in another organization; Новиков — never hired: not listed.
 */
let stack: TestStack;
let api: Api;
let org: string;
const id: Record<string, string> = {};

beforeAll(async () => {
  const company = await startStaffCompany('staff-fill', 'admin@kadry-fill.ru');
  ({ stack, api } = company);
  org = company.organization;
  const other = await create(api, 'trade', 'catalogs/organizations', { name: 'ООО «Другая»', inn: '7707083893' });
  id.office = await create(api, 'staff', 'catalogs/departments', { name: 'Офис', organization: org });
  id.otherOffice = await create(api, 'staff', 'catalogs/departments', { name: 'Склад', organization: other });
  id.manager = await create(api, 'staff', 'catalogs/positions', { name: 'Менеджер' });
  for (const [key, name, organization] of [['orlov', 'Орлов Игорь Сергеевич', org], ['belova', 'Белова Мария Андреевна', org], ['sidorov', 'Сидоров Пётр Ильич', org], ['kuznetsov', 'Кузнецов Олег Петрович', other], ['novikov', 'Новиков Денис Юрьевич', org]])
    id[key] = await create(api, 'staff', 'catalogs/employees', { name, organization });
  const hire = (employee: string, date: string, salary: number, organization = org, department = id.office) => post(api, 'hirings', { organization, date, employee, department, position: id.manager, salary });
  await hire(id.orlov, '2026-01-01', 10_000_000);
  await hire(id.sidorov, '2026-01-01', 5_000_000);
  await hire(id.kuznetsov, '2026-01-01', 7_000_000, other, id.otherOffice);
  await hire(id.belova, '2026-03-16', 6_000_000);
  await post(api, 'dismissals', { organization: org, date: '2026-02-27', employee: id.sidorov });
  await post(api, 'timesheets', { organization: org, date: '2026-03-31', month: '2026-03-01', lines: [{ employee: id.belova, days: 12 }] });
}, 180_000);
afterAll(() => stack?.close());

test('fills the month with everyone working in the organization, оклад by days worked, computed as saving computes it', async () => {
  const res = await api.post('/api/staff/payrolls/fill', { organization: org, month: '2026-03-20' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.month).toBe('2026-03-01');
  // By name: Белова, Орлов. Сидоров (dismissed in February), Кузнецов (another organization), Новиков (not hired) are not there.
  expect(res.body.lines.map((l: { employee: string }) => l.employee)).toEqual([id.belova, id.orlov]);
  const [belova, orlov] = res.body.lines;
  // Орлов: no табель — the calendar's 21 days, 100 000 ₽; НДФЛ 13 % = 13 000; contributions 30 % = 30 000, НС и ПЗ 0,2 % = 200; to pay 87 000.
  expect(orlov).toMatchObject({ employee_name: 'Орлов Игорь Сергеевич', salary_rate: 10_000_000, norm_days: 21, days: 21, salary: 10_000_000, accrued: 10_000_000, ndfl: 1_300_000, contributions: 3_000_000, injury: 20_000, net: 8_700_000 });
  // Белова: 60 000 × 12 / 21 = 34 285,71 ₽; НДФЛ 34 285,71 × 13 % = 4 457,14 → 4 457 ₽ (whole roubles); to pay 29 828,71.
  expect(belova).toMatchObject({ salary_rate: 6_000_000, norm_days: 21, days: 12, salary: 3_428_571, accrued: 3_428_571, ndfl: 445_700, net: 2_982_871 });
  // The same lines as the document computes when saved with these people.
  const saved = await api.post('/api/staff/documents/payrolls', { organization: org, date: '2026-03-31', month: '2026-03-01', lines: res.body.lines.map((l: { employee: string }) => ({ employee: l.employee })) });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  for (const [i, line] of res.body.lines.entries()) {
    const { employee_name: _name, ...computed } = line;
    expect(saved.body.lines[i]).toMatchObject(computed);
  }
});

test('February: Сидоров (dismissed on the 27th) is there, Белова (hired in March) is not; another organization gets its own people', async () => {
  const feb = await api.post('/api/staff/payrolls/fill', { organization: org, month: '2026-02-01' });
  expect(feb.status, JSON.stringify(feb.body)).toBe(200);
  expect(feb.body.lines.map((l: { employee: string }) => l.employee)).toEqual([id.orlov, id.sidorov]);
  const bad = await api.post('/api/staff/payrolls/fill', { organization: org, month: 'март' });
  expect(bad.status).toBe(400);
});
