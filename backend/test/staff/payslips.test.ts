import { afterAll, beforeAll, expect, test } from 'vitest';
import { pageCount, pdfText, savePdf } from '../../src/modules/trade/print/__fixtures__/pdf-tools';
import { client, login, type TestStack } from '../support/stack';
import { create, post, startStaffCompany, type Api } from './support';

let stack: TestStack;
let api: Api;
let belova: Api;
let payrollId: string;
let org: string;

const pdfOf = async (res: { status: number; body: unknown }, name: string) => pdfText(savePdf(name, Buffer.from(res.body as ArrayBuffer)));
const getFile = (who: Api | string, path: string) =>
  fetch(stack.url + path, { headers: { authorization: `Bearer ${who}` } }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type') ?? '', body: r.headers.get('content-type')?.includes('pdf') ? await r.arrayBuffer() : await r.json() }));
let tokens: Record<string, string> = {};

beforeAll(async () => {
  const company = await startStaffCompany('staff-payslips', 'admin@kadry-rl.ru');
  ({ stack, api } = company);
  org = company.organization;
  // Белова's role gives her nothing in «Кадры и зарплата»: she sees her payslip because the card is hers.
  const role = await api.post('/api/admin/roles', { name: 'Сотрудник', rules: [{ action: 'read', subject: 'CustomField' }] });
  const user = await api.post('/api/admin/users', { email: 'belova@kadry-rl.ru', fullName: 'Белова Мария', password: 'Zarplata-Passw0rd-7', roleIds: [role.body.id] });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  tokens = { belova: await login(stack.url, 'belova@kadry-rl.ru', 'Zarplata-Passw0rd-7'), admin: company.tenant.adminToken };
  belova = client(stack.url, tokens.belova);
  const office = await create(api, 'staff', 'catalogs/departments', { name: 'Офис', organization: org });
  const manager = await create(api, 'staff', 'catalogs/positions', { name: 'Менеджер' });
  const people = {
    orlov: await create(api, 'staff', 'catalogs/employees', { name: 'Орлов Игорь Сергеевич', organization: org }),
    belova: await create(api, 'staff', 'catalogs/employees', { name: 'Белова Мария Андреевна', organization: org, children: 1, user_id: user.body.id }),
  };
  for (const [person, salary] of [[people.orlov, 10_000_000], [people.belova, 6_000_000]] as const)
    await post(api, 'hirings', { organization: org, date: '2026-03-02', employee: person, department: office, position: manager, salary });
  payrollId = (await post(api, 'payrolls', { organization: org, date: '2026-03-31', month: '2026-03-01', lines: [{ employee: people.orlov }, { employee: people.belova }] })).id;
}, 120_000);
afterAll(() => stack?.close());

test('an employee gets their own payslip, and only theirs, without any right on payroll', async () => {
  const mine = await getFile(tokens.belova, '/api/staff/payslips/mine?month=2026-03');
  expect(mine.status, JSON.stringify(mine.body)).toBe(200);
  expect(mine.type).toBe('application/pdf');
  // 60 000 ₽; one child: 1 400 ₽ deduction; НДФЛ (60 000 − 1 400) × 13 % = 7 618 ₽; to be paid 52 382 ₽.
  const text = await pdfOf(mine, 'staff-payslip-mine');
  expect(text).toContain('Расчётный листок за март 2026');
  expect(text).toContain('Сотрудник: Белова Мария Андреевна');
  expect(text).toContain('Всего начислено: 60 000,00 руб.');
  expect(text).toContain('НДФЛ: 7 618,00 руб. (вычеты на детей 1 400,00 руб.)');
  expect(text).toContain('К выплате: 52 382,00 руб.');
  expect(text).not.toContain('Орлов');
  // The payroll, its print form and the cards stay closed to her.
  expect((await belova.get(`/api/staff/documents/payrolls/${payrollId}`)).status).toBe(403);
  expect((await getFile(tokens.belova, `/api/staff/documents/payrolls/${payrollId}/print/payslips`)).status).toBe(403);
  expect((await belova.get('/api/staff/catalogs/employees')).status).toBe(403);
});

test('no payroll for the month, no linked card, a wrong month: 404 and 400 in Russian', async () => {
  const april = await belova.get('/api/staff/payslips/mine?month=2026-04');
  expect(april.status).toBe(404);
  expect(april.body.detail).toBe('Зарплата за апрель 2026 вам ещё не начислена.');
  const admin = await api.get('/api/staff/payslips/mine?month=2026-03');
  expect(admin.status).toBe(404);
  expect(admin.body.detail).toMatch(/не связан с карточкой сотрудника/);
  const wrong = await belova.get('/api/staff/payslips/mine?month=март');
  expect(wrong.status).toBe(400);
  expect(wrong.body.detail).toBe('Параметр «month»: ожидается месяц в формате ГГГГ-ММ, например 2026-07.');
});

test('the accountant prints every payslip of the payroll: one page a person', async () => {
  const all = await getFile(tokens.admin, `/api/staff/documents/payrolls/${payrollId}/print/payslips`);
  expect(all.status).toBe(200);
  const file = savePdf('staff-payslips-all', Buffer.from(all.body as ArrayBuffer));
  expect(pageCount(file)).toBe(2);
  // Орлов: 100 000 × 13 % = 13 000 ₽, to be paid 87 000 ₽.
  expect(pdfText(file)).toMatch(/Орлов Игорь Сергеевич.*К выплате: 87 000,00 руб\..*Белова Мария Андреевна.*К выплате: 52 382,00 руб\./);
});

test('a cancelled payroll leaves nobody in 6-НДФЛ: its storno rows net the month out', async () => {
  const march = async () => Object.fromEntries((await api.get(`/api/staff/reports/ndfl_6?organization=${org}&from=2026-03-01&to=2026-03-31`)).body.items.map((r: Record<string, any>) => [r.line, r.persons || r.amount]));
  // 100 000 + 60 000 accrued to two people; НДФЛ 13 000 + 7 618.
  expect(await march()).toMatchObject({ '110': 16_000_000, '120': 2, '140': 2_061_800 });
  expect((await api.post(`/api/staff/documents/payrolls/${payrollId}/cancel`)).status).toBe(200);
  expect(await march()).toMatchObject({ '110': 0, '120': 0, '140': 0 });
});
