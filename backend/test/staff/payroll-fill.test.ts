import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestStack } from '../support/stack';
import { fillMonthStaff, startStaffCompany, type Api, type FillStaff } from './support';

/** «Заполнить» of «Начисление зарплаты» (POST /api/staff/payrolls/fill): the people of fillMonthStaff (support.ts). */
let stack: TestStack;
let api: Api;
let org: string;
let id: FillStaff;

beforeAll(async () => {
  const company = await startStaffCompany('staff-fill', 'admin@kadry-fill.ru');
  ({ stack, api } = company);
  org = company.organization;
  id = await fillMonthStaff(api, org);
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

test('the form\'s live computation of the filled lines gives the same amounts before anything is saved', async () => {
  const before = (await api.get('/api/staff/documents/payrolls')).body.total;
  // The lines as the form sends them after «Заполнить»: the people only; the rest is computed, as on save.
  const res = await api.post('/api/staff/documents/payrolls/compute', { organization: org, date: '2026-03-31', month: '2026-03-01', lines: [{ employee: id.belova }, { employee: id.orlov }] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.lines).toMatchObject([{ days: 12, salary: 3_428_571, ndfl: 445_700, net: 2_982_871 }, { days: 21, salary: 10_000_000, ndfl: 1_300_000, net: 8_700_000 }]);
  // 34 285,71 + 100 000 = 134 285,71 accrued; НДФЛ 4 457 + 13 000 = 17 457.
  expect(res.body).toMatchObject({ total: 13_428_571, ndfl: 1_745_700 });
  expect((await api.get('/api/staff/documents/payrolls')).body.total).toBe(before);
});

test('February: Сидоров (dismissed on the 27th) is there, Белова (hired in March) is not; another organization gets its own people', async () => {
  const feb = await api.post('/api/staff/payrolls/fill', { organization: org, month: '2026-02-01' });
  expect(feb.status, JSON.stringify(feb.body)).toBe(200);
  expect(feb.body.lines.map((l: { employee: string }) => l.employee)).toEqual([id.orlov, id.sidorov]);
  const bad = await api.post('/api/staff/payrolls/fill', { organization: org, month: 'март' });
  expect(bad.status).toBe(400);
});

test('the payroll\'s form gets «Заполнить» through the module\'s metadata: the route, the header fields it needs, the table it fills', async () => {
  const meta = await api.get('/api/staff/meta');
  expect(meta.status).toBe(200);
  const payroll = meta.body.documents.find((d: { code: string }) => d.code === 'payrolls');
  expect(payroll.formActions).toEqual([{ code: 'fill', title: 'Заполнить', titleEn: 'Fill in', route: '/api/staff/payrolls/fill', needs: ['organization', 'month'], fills: 'lines' }]);
});
