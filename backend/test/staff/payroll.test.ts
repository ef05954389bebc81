import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestStack } from '../support/stack';
import { create, post, startStaffCompany, type Api } from './support';

/**
 * Half a year of payroll of two people, computed by hand (2026: НДФЛ 13 % up to 2,4 млн ₽ and 15 % above,
 * contributions 30 % up to 2 979 000 ₽ and 15,1 % above, НС и ПЗ 0,2 %), with «Бухгалтерия» bought:
 *   Орлов, director, оклад 500 000 ₽, cost account 44.01, no children, from 1 January;
 *   Белова, manager, оклад 60 000 ₽, cost account 26, two children (1 400 + 2 800 = 4 200 ₽ a month), from 12 January.
 */
let stack: TestStack;
let api: Api;
let org: string;
const id: Record<string, string> = {};
const payroll: Record<string, any> = {};
const MONTHS = ['01', '02', '03', '04', '05', '06'];

const lineOf = (doc: Record<string, any>, employee: string) => doc.lines.find((l: { employee: string }) => l.employee === employee);
const runPayroll = (month: string) => post(api, 'payrolls', { organization: org, date: `2026-${month}-28`, month: `2026-${month}-01`, injury_rate: '0.2', lines: [{ employee: id.orlov }, { employee: id.belova }] });

beforeAll(async () => {
  const company = await startStaffCompany('staff-payroll', 'admin@kadry-zp.ru', ['accounting']);
  ({ stack, api } = company);
  org = company.organization;
  id.office = await create(api, 'staff', 'catalogs/departments', { name: 'Администрация', organization: org });
  id.director = await create(api, 'staff', 'catalogs/positions', { name: 'Директор' });
  id.manager = await create(api, 'staff', 'catalogs/positions', { name: 'Менеджер' });
  id.orlov = await create(api, 'staff', 'catalogs/employees', { name: 'Орлов Игорь Сергеевич', organization: org });
  id.belova = await create(api, 'staff', 'catalogs/employees', { name: 'Белова Мария Андреевна', organization: org, children: 2, cost_account: '26' });
  await post(api, 'staffing_tables', { organization: org, date: '2026-01-01', positions: [{ department: id.office, position: id.director, salary: 50_000_000, headcount: 1 }, { department: id.office, position: id.manager, salary: 6_000_000, headcount: 2 }] });
  await post(api, 'hirings', { organization: org, date: '2026-01-01', employee: id.orlov, department: id.office, position: id.director, salary: 50_000_000 });
  await post(api, 'hirings', { organization: org, date: '2026-01-12', employee: id.belova, department: id.office, position: id.manager, salary: 6_000_000 });
  for (const m of MONTHS) payroll[m] = await runPayroll(m);
}, 180_000);
afterAll(() => stack?.close());

test('НДФЛ: crossing 2,4 млн ₽ in May, the director pays 15 % only on the excess from that month', async () => {
  // January–April: 500 000 × 13 % = 65 000 ₽ a month; income since January 2 000 000 ₽.
  for (const m of ['01', '02', '03', '04']) expect(lineOf(payroll[m], id.orlov)).toMatchObject({ accrued: 50_000_000, ndfl: 6_500_000 });
  // May: 2 500 000 since January → 2 400 000 × 13 % + 100 000 × 15 % = 327 000; less 260 000 withheld = 67 000 ₽.
  expect(lineOf(payroll['05'], id.orlov).ndfl).toBe(6_700_000);
  expect(lineOf(payroll['05'], id.orlov)).toMatchObject({ income_above_13: 10_000_000, ndfl_above_13: 1_500_000 });
  // June: all 500 000 above the threshold: 75 000 ₽.
  expect(lineOf(payroll['06'], id.orlov).ndfl).toBe(7_500_000);
  // 6-НДФЛ for April–June, раздел 2 per rate. 13 %: director 500 000 + 400 000, manager 3 × 60 000 = 1 080 000 ₽;
  // tax 65 000 + 52 000 + 3 × 7 254 = 138 762 ₽. Above 13 %: 100 000 + 500 000 = 600 000 ₽, tax 15 000 + 75 000 = 90 000 ₽.
  const q2 = Object.fromEntries((await api.get(`/api/staff/reports/ndfl_6?organization=${org}&from=2026-04-01&to=2026-06-30`)).body.items.map((r: Record<string, any>) => [r.line, r.amount]));
  expect(q2).toMatchObject({ '110': 168_000_000, '140': 22_876_200, '13 %: 110': 108_000_000, '13 %: 130': 1_260_000, '13 %: 140': 13_876_200, '15 %+: 110': 60_000_000, '15 %+: 140': 9_000_000 });
  // The manager: (60 000 − 4 200 for two children) × 13 % = 7 254 ₽ every month (income stays within 450 000 ₽).
  expect(lineOf(payroll['01'], id.belova)).toMatchObject({ days: 15, norm_days: 15, salary: 6_000_000, deductions: 420_000, ndfl: 725_400, net: 5_274_600 });
});

test('contributions: 30 % up to 2 979 000 ₽, 15,1 % above from the month the base is crossed (June)', async () => {
  for (const m of ['01', '02', '03', '04', '05']) expect(lineOf(payroll[m], id.orlov)).toMatchObject({ contributions: 15_000_000, injury: 100_000 });
  // June: base since January 2 500 000 + 500 000 = 3 000 000: 479 000 × 30 % = 143 700 and 21 000 × 15,1 % = 3 171 → 146 871 ₽.
  expect(lineOf(payroll['06'], id.orlov)).toMatchObject({ contribution_base: 50_000_000, contributions: 14_687_100 });
  expect(lineOf(payroll['06'], id.belova).contributions).toBe(1_800_000);
});

test('July: a vacation at average earnings, a sick leave paid for 3 days, a dismissal with compensation — and the month in accounting, 6-НДФЛ and РСВ', async () => {
  // Vacation of the manager, 14 days from 6 July: 360 000 earned in January–June / (6 × 29,3) = 2 047,78 ₽ a day → 28 668,92 ₽.
  const vacation = await post(api, 'vacations', { organization: org, date: '2026-07-03', employee: id.belova, date_from: '2026-07-06', days: 14 });
  expect(vacation).toMatchObject({ average_daily: 204_778, amount: 2_866_892 });
  // The director is ill 5 days from 13 July: nothing earned here in 2024 and 2025 (2026 does not count), so the floor
  // МРОТ 27 093 × 24 / 730 = 890,73 ₽ a day; the employer pays 3 days: 2 672,19 ₽.
  const sick = await post(api, 'sick_leaves', { organization: org, date: '2026-07-20', employee: id.orlov, date_from: '2026-07-13', days: 5 });
  expect(sick).toMatchObject({ earnings_first_year: 0, earnings_second_year: 0, average_daily: 89_073, employer_days: 3, amount: 267_219 });
  // The manager leaves on 31 July: 12 January – 31 July is 6 months and 20 days → 7 months × 28 / 12 = 16,33 days, less 14 taken = 2,33;
  // 2,33 × 2 047,78 = 4 771,33 ₽.
  const dismissal = await post(api, 'dismissals', { organization: org, date: '2026-07-31', employee: id.belova });
  expect(dismissal).toMatchObject({ unused_days: '2.33', average_daily: 204_778, compensation: 477_133 });
  // The табель: the director worked 18 of 23 days (ill 5), the manager 13 (on vacation 10 work days).
  await post(api, 'timesheets', { organization: org, date: '2026-07-31', month: '2026-07-01', lines: [{ employee: id.orlov, days: 18 }, { employee: id.belova, days: 13 }] });
  const july = await runPayroll('07');
  // Director: 500 000 × 18 / 23 = 391 304,35 + 2 672,19 sick = 393 976,54. НДФЛ: since January 3 393 976,54 →
  // 312 000 + 993 976,54 × 15 % = 461 096,48 → 461 096 ₽ (whole roubles), less 402 000 withheld = 59 096 ₽.
  // Contributions on 391 304,35 (sick pay is not in the base), all above the limit: × 15,1 % = 59 086,96; НС и ПЗ 782,61.
  expect(lineOf(july, id.orlov)).toMatchObject({ days: 18, salary: 39_130_435, sick_pay: 267_219, accrued: 39_397_654, ndfl: 5_909_600, contribution_base: 39_130_435, contributions: 5_908_696, injury: 78_261 });
  // Manager: 60 000 × 13 / 23 = 33 913,04 + 28 668,92 + 4 771,33 = 67 353,29; since January 427 353,29 ≤ 450 000 — the deduction stays;
  // base 427 353,29 − 7 × 4 200 = 397 953,29 × 13 % = 51 733,93 → 51 734, less 6 × 7 254 = 8 210 ₽. Contributions 30 %: 20 205,99.
  expect(lineOf(july, id.belova)).toMatchObject({ salary: 3_391_304, vacation_pay: 2_866_892, compensation: 477_133, accrued: 6_735_329, deductions: 420_000, ndfl: 821_000, contributions: 2_020_599, injury: 13_471 });

  // Аванс through the cash desk, then the rest through the bank: July is paid in full; what is owed is January–June
  // (not paid in this test): director 3 000 000 − 402 000 НДФЛ = 2 598 000, manager 6 × 52 746 = 316 476 ₽.
  await post(api, 'salary_payments', { organization: org, date: '2026-07-20', month: '2026-07-01', kind: 'advance', method: 'cash', lines: [{ employee: id.belova, amount: 2_000_000 }] });
  const paid = await post(api, 'salary_payments', { organization: org, date: '2026-08-05', month: '2026-07-01', kind: 'final', method: 'bank', lines: [{ employee: id.orlov, amount: 33_488_054 }, { employee: id.belova, amount: 3_914_329 }] });
  const due = await api.get('/api/staff/registers/salary_due/balance?date=2026-08-31');
  const owed = Object.fromEntries(due.body.items.map((r: { employee: string; amount: string }) => [r.employee, r.amount]));
  expect(owed).toEqual({ [id.orlov]: '259800000', [id.belova]: '31647600' });

  // Accounting posted both documents in their own transactions.
  const entries = async (doc: string, from: string, to: string) =>
    (await api.get(`/api/accounting/reports/entries_journal?from=${from}&to=${to}&document=${doc}`)).body.items.map((r: Record<string, any>) => [r.debit_account, r.credit_account, r.amount]);
  expect(await entries(july.id, '2026-07-01', '2026-07-31')).toEqual([
    ['44.01', '70', 39_397_654], ['70', '68.01', 5_909_600], ['44.01', '69.06', 5_908_696], ['44.01', '69.11', 78_261],
    ['26', '70', 6_735_329], ['70', '68.01', 821_000], ['26', '69.06', 2_020_599], ['26', '69.11', 13_471],
  ]);
  expect(await entries(paid.id, '2026-08-01', '2026-08-31')).toEqual([['70', '51', 33_488_054], ['70', '51', 3_914_329]]);

  // 6-НДФЛ and РСВ for July, from the same register, agree with each other and with the entries.
  const form = async (code: string) => Object.fromEntries((await api.get(`/api/staff/reports/${code}?organization=${org}&from=2026-07-01&to=2026-07-31`)).body.items.map((r: Record<string, any>) => [r.line, r.persons || r.amount]));
  const ndfl6 = await form('ndfl_6');
  expect(ndfl6).toMatchObject({ '110': 39_397_654 + 6_735_329, '120': 2, '130': 420_000, '140': 5_909_600 + 821_000, '160': 6_730_600 });
  const rsv = await form('rsv');
  expect(rsv).toMatchObject({ 'Прил. 1, 010': 2, 'Прил. 1, 030': 46_132_983, 'Прил. 1, 040': 267_219, 'Прил. 1, 050': 45_865_764, 'Прил. 1, 060': 7_929_295, 'Прил. 2, 060': 91_732, Сверка: 0 });
  // Кт 70 of the accrual = стр. 110; Кт 68.01 = стр. 140; Кт 69.06 = РСВ 060.
  const julyEntries = await entries(july.id, '2026-07-01', '2026-07-31');
  const credit = (account: string) => julyEntries.filter((e: unknown[]) => e[1] === account).reduce((s: number, e: unknown[]) => s + Number(e[2]), 0);
  expect([credit('70'), credit('68.01'), credit('69.06'), credit('69.11')]).toEqual([ndfl6['110'], ndfl6['140'], rsv['Прил. 1, 060'], rsv['Прил. 2, 060']]);

  // The payslips print as a PDF.
  const pdf = await api.raw('GET', `/api/staff/documents/payrolls/${july.id}/print/payslips`);
  expect(pdf.status).toBe(200);
  expect(pdf.contentType).toContain('application/pdf');
});

test('accounting’s дата запрета refuses a payroll dated in the closed period whole: no document, no movements', async () => {
  const policy = await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика', organization: org, ban_date: '2026-07-31' });
  expect(policy.status, JSON.stringify(policy.body)).toBe(201);
  const before = (await api.get('/api/staff/documents/payrolls?limit=50')).body.total;
  const refused = await api.post('/api/staff/documents/payrolls?post=true', { organization: org, date: '2026-07-31', month: '2026-07-01', lines: [{ employee: id.orlov }] });
  expect(refused.status).toBe(422);
  expect(refused.body.detail).toMatch(/запрет/i);
  expect((await api.get('/api/staff/documents/payrolls?limit=50')).body.total).toBe(before);
  const owed = (await api.get('/api/staff/registers/salary_due/balance?date=2026-08-31')).body.items.find((r: { employee: string }) => r.employee === id.orlov);
  expect(owed.amount).toBe('259800000');
});
