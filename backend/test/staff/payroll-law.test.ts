import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestStack } from '../support/stack';
import { create, post, salaryAccount, startStaffCompany, userWith, type Api } from './support';

/**
 * The floor of МРОТ, sick pay from the two calendar years before, and recomputing later months — by hand:
 *   Иванов, оклад 1 000 000 ₽, from 1 October 2025 (three months of 2025 paid here);
 *   Петрова, оклад 20 000 ₽ — under МРОТ 2026 (27 093 ₽), from 1 January 2026; in February she worked 10 of 19 days.
 */
let stack: TestStack;
let api: Api;
let org: string;
let token: string;
const id: Record<string, string> = {};
const payroll: Record<string, Record<string, any>> = {};

const lineOf = (doc: Record<string, any>, employee: string) => doc.lines.find((l: { employee: string }) => l.employee === employee);
const runPayroll = (month: string, people: string[]) =>
  post(api, 'payrolls', { organization: org, date: `${month}-28`, month: `${month}-01`, lines: people.map((employee) => ({ employee })) });
const fill = async (month: string, extra: Record<string, string> = {}) => {
  const res = await api.post('/api/staff/payrolls/fill', { organization: org, month, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const read = async (doc: string) => (await api.get(`/api/staff/documents/payrolls/${doc}`)).body;

beforeAll(async () => {
  const company = await startStaffCompany('staff-law', 'admin@kadry-law.ru');
  ({ stack, api } = company);
  org = company.organization;
  token = company.tenant.adminToken;
  const office = await create(api, 'staff', 'catalogs/departments', { name: 'Офис', organization: org });
  const clerk = await create(api, 'staff', 'catalogs/positions', { name: 'Специалист' });
  id.ivanov = await create(api, 'staff', 'catalogs/employees', { name: 'Иванов Пётр Ильич', organization: org });
  id.petrova = await create(api, 'staff', 'catalogs/employees', { name: 'Петрова Анна Сергеевна', organization: org });
  await post(api, 'hirings', { organization: org, date: '2025-10-01', employee: id.ivanov, department: office, position: clerk, salary: 100_000_000 });
  for (const month of ['2025-10', '2025-11', '2025-12']) await runPayroll(month, [id.ivanov]);
  id.office = office;
  id.clerk = clerk;
  id.petrovaHiring = (await post(api, 'hirings', { organization: org, date: '2026-01-01', employee: id.petrova, department: office, position: clerk, salary: 2_000_000 })).number;
  await post(api, 'timesheets', { organization: org, date: '2026-02-27', month: '2026-02-01', lines: [{ employee: id.petrova, days: 10 }] });
}, 180_000);
afterAll(() => stack?.close());

test('МРОТ: pay for the month worked is lifted to 27 093 ₽ before the районный коэффициент; for part of it, to its share', async () => {
  // January, all 15 days, coefficient 1,15: оклад 20 000 + доплата 7 093 = 27 093; коэффициент 27 093 × 0,15 = 4 063,95;
  // accrued 31 156,95; НДФЛ 31 156,95 × 13 % = 4 050,40 → 4 050 ₽.
  const january = await fill('2026-01-01', { regional_coefficient: '1.15' });
  expect(lineOf(january, id.petrova)).toMatchObject({ days: 15, norm_days: 15, salary: 2_000_000, mrot_topup: 709_300, regional: 406_395, accrued: 3_115_695, ndfl: 405_000 });
  expect(lineOf(january, id.ivanov)).toMatchObject({ salary: 100_000_000, mrot_topup: 0 });
  // February, 10 of 19 days: оклад 20 000 × 10 / 19 = 10 526,32; МРОТ's share 27 093 × 10 / 19 = 14 259,47; доплата 3 733,15.
  const february = await fill('2026-02-01');
  expect(lineOf(february, id.petrova)).toMatchObject({ days: 10, norm_days: 19, salary: 1_052_632, mrot_topup: 373_315, regional: 0, accrued: 1_425_947 });
});

test('«Перезаполнить»: changing January marks February and March, which are then computed anew (НДФЛ and contributions since January)', async () => {
  for (const month of ['2026-01', '2026-02', '2026-03']) payroll[month] = await runPayroll(month, [id.ivanov, id.petrova]);
  // Иванов: 1 000 000 a month. March: since January 3 000 000 → 2 400 000 × 13 % + 600 000 × 15 % = 402 000, less 260 000 = 142 000 ₽;
  // contributions: 979 000 to the limit 2 979 000 × 30 % = 293 700 + 21 000 × 15,1 % = 3 171 → 296 871 ₽.
  expect(lineOf(payroll['2026-03'], id.ivanov)).toMatchObject({ ndfl: 14_200_000, contributions: 29_687_100 });
  expect(lineOf(payroll['2026-01'], id.petrova)).toMatchObject({ mrot_topup: 709_300, accrued: 2_709_300 });

  // A премия of 500 000 ₽ in January, after February and March are posted: January is 1 500 000, НДФЛ 195 000, contributions 450 000.
  const january = payroll['2026-01'];
  const changed = await api.patch(`/api/staff/documents/payrolls/${january.id}`, { lines: [{ employee: id.ivanov, bonus: 50_000_000 }, { employee: id.petrova }], version: january.version });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  expect(lineOf(changed.body, id.ivanov)).toMatchObject({ accrued: 150_000_000, ndfl: 19_500_000, contributions: 45_000_000 });
  expect(changed.body.needs_recompute).toBe(false);
  const [february, march] = [await read(payroll['2026-02'].id), await read(payroll['2026-03'].id)];
  expect([february.needs_recompute, march.needs_recompute]).toEqual([true, true]);
  expect(lineOf(february, id.ivanov).ndfl).toBe(13_000_000);

  // The form shows «Перезаполнить» on a posted payroll (the module's documentAction); a draft is refused.
  const meta = (await api.get('/api/staff/meta')).body.documents.find((d: { code: string }) => d.code === 'payrolls');
  expect(meta.moduleActions).toEqual([{ module: 'staff', code: 'recompute', title: 'Перезаполнить', titleEn: 'Recompute', route: '/api/staff/payrolls/recompute', statuses: ['posted'] }]);
  const draft = await api.post('/api/staff/documents/payrolls', { organization: org, date: '2026-04-28', month: '2026-04-01', lines: [{ employee: id.petrova }] });
  const refused = await api.post('/api/staff/payrolls/recompute', { id: draft.body.id });
  expect(refused.status).toBe(422);
  expect(refused.body.detail).toMatch(/проведённое начисление/);

  const res = await api.post('/api/staff/payrolls/recompute', { id: february.id });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  // The message gives each document's totals: Петрова's НДФЛ (1 854 ₽ in February, 3 522 ₽ in March) is in them, unchanged.
  expect(res.body.message).toMatch(/февраль 2026: НДФЛ 131\s854,00\s₽ → 133\s854,00\s₽.*март 2026: НДФЛ 145\s522,00\s₽ → 153\s522,00\s₽/);
  // February: since January 2 500 000 → 312 000 + 100 000 × 15 % = 327 000, less 195 000 = 132 000 ₽; contributions still 30 %: 300 000.
  // March: 3 500 000 → 312 000 + 1 100 000 × 15 % = 477 000, less 327 000 = 150 000 ₽; contributions: base before 2 500 000,
  // 479 000 × 30 % = 143 700 + 521 000 × 15,1 % = 78 671 → 222 371 ₽.
  const [february2, march2] = [await read(february.id), await read(march.id)];
  expect(lineOf(february2, id.ivanov)).toMatchObject({ ndfl: 13_200_000, contributions: 30_000_000 });
  expect(lineOf(march2, id.ivanov)).toMatchObject({ ndfl: 15_000_000, contributions: 22_237_100 });
  expect([february2.needs_recompute, march2.needs_recompute]).toEqual([false, false]);
  // The quarter's НДФЛ: Иванов's is the scale's on 3 500 000, 195 000 + 132 000 + 150 000 = 477 000 ₽; Петрова's 13 % of
  // 27 093 + 14 259,47 + 27 093 = 68 445,47 → 8 897,91 → 8 898 ₽; together 485 898 ₽.
  const ytd = await api.get(`/api/staff/reports/ndfl_6?organization=${org}&from=2026-01-01&to=2026-03-31`);
  expect(Object.fromEntries(ytd.body.items.map((r: Record<string, any>) => [r.line, r.amount]))['140']).toBe(48_589_800);

  // A sick leave dated in March, posted after March's payroll, marks it too: Петрова ill 2 days from 16 March, at the
  // floor 890,73 ₽ (nothing earned in 2024–2025) — 1 781,46 ₽, in March's line once recomputed.
  await post(api, 'sick_leaves', { organization: org, date: '2026-03-20', employee: id.petrova, date_from: '2026-03-16', days: 2 });
  expect((await read(march.id)).needs_recompute).toBe(true);
  expect((await api.post('/api/staff/payrolls/recompute', { id: march.id })).status).toBe(200);
  expect(lineOf(await read(march.id), id.petrova)).toMatchObject({ sick_pay: 178_146 });
});

test('sick pay: the earnings of the two calendar years before, each up to its insurance base, / 730', async () => {
  // An illness in April 2026 counts 2024 (nothing) and 2025: 3 000 000 earned, up to 2 759 000; 2 759 000 / 730 = 3 779,45 ₽ a day;
  // January–March 2026 do not count. The employer's 3 days at 100 %: 11 338,35 ₽.
  const sick = await post(api, 'sick_leaves', { organization: org, date: '2026-04-10', employee: id.ivanov, date_from: '2026-04-06', days: 5 });
  expect(sick).toMatchObject({ earnings_first_year: 0, earnings_second_year: 275_900_000, average_daily: 377_945, percent: 100, employer_days: 3, amount: 1_133_835 });
});

test('the salary-project register for the bank: СчетаПК in windows-1251, each person\'s account and amount, the control sums', async () => {
  const bik = '044525225';
  const [orgAccount, ivanovAccount, petrovaAccount] = ['40702810000000001234', '40817810000000000011', '40817810000000000022'].map((a) => salaryAccount(bik, a));
  const organization = (await api.get(`/api/trade/catalogs/organizations/${org}`)).body;
  expect((await api.patch(`/api/trade/catalogs/organizations/${org}`, { bik, account: orgAccount, version: organization.version })).status).toBe(200);
  for (const [person, account] of [[id.ivanov, ivanovAccount], [id.petrova, petrovaAccount]]) {
    const card = (await api.get(`/api/staff/catalogs/employees/${person}`)).body;
    expect((await api.patch(`/api/staff/catalogs/employees/${person}`, { bank_bik: bik, bank_account: account, version: card.version })).status).toBe(200);
  }
  const lines = [{ employee: id.ivanov, amount: 86_800_000 }, { employee: id.petrova, amount: 1_240_547 }];
  const bank = await post(api, 'salary_payments', { organization: org, date: '2026-03-05', month: '2026-02-01', kind: 'final', method: 'bank', project_contract: '38-ЗП/2025', project_contract_date: '2025-09-15', lines });
  const res = await fetch(`${stack.url}/api/staff/salary-payments/${bank.id}/salary-project`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('windows-1251');
  const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'win1251');
  expect(text).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>/);
  const file = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false }).parse(text).СчетаПК;
  expect(file).toMatchObject({ '@НомерДоговора': '38-ЗП/2025', '@ДатаДоговора': '2025-09-15', '@ИНН': organization.inn, '@РасчетныйСчетОрганизации': orgAccount, '@БИК': bik, '@ДатаРеестра': '2026-03-05', ВидЗачисления: '01' });
  expect(file.ЗачислениеЗарплаты.Сотрудник).toEqual([
    { '@Нпп': '1', Фамилия: 'Иванов', Имя: 'Пётр', Отчество: 'Ильич', ЛицевойСчет: ivanovAccount, Сумма: '868000.00' },
    { '@Нпп': '2', Фамилия: 'Петрова', Имя: 'Анна', Отчество: 'Сергеевна', ЛицевойСчет: petrovaAccount, Сумма: '12405.47' },
  ]);
  // 868 000,00 + 12 405,47 = 880 405,47 ₽.
  expect(file.КонтрольныеСуммы).toEqual({ КоличествоЗаписей: '2', СуммаИтого: '880405.47' });

  // The accounts are personal data: a payroll clerk without «Персональные данные» gets no file.
  const clerk = await userWith(stack, api, 'clerk@kadry-law.ru', [{ action: 'read', subject: 'staff.salary_payments' }]);
  const forbidden = await clerk.get(`/api/staff/salary-payments/${bank.id}/salary-project`);
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.detail).toMatch(/Персональные данные/);

  // Through the cash desk there is no bank file.
  const cash = await post(api, 'salary_payments', { organization: org, date: '2026-03-05', month: '2026-02-01', kind: 'advance', method: 'cash', lines: [lines[1]] });
  const refused = await api.get(`/api/staff/salary-payments/${cash.id}/salary-project`);
  expect(refused.status).toBe(422);
  expect(refused.body.detail).toMatch(/через кассу/);
});

test('ЕФС-1, подраздел 1.1: the hirings, transfers and dismissals of the period in the form\'s columns', async () => {
  const senior = await create(api, 'staff', 'catalogs/positions', { name: 'Старший специалист' });
  const transfer = await post(api, 'transfers', { organization: org, date: '2026-04-01', employee: id.petrova, department: id.office, position: senior, salary: 3_000_000 });
  const dismissal = await post(api, 'dismissals', { organization: org, date: '2026-04-30', employee: id.ivanov, ground: 'agreement' });
  const res = await api.get(`/api/staff/reports/efs1_events?organization=${org}&from=2026-01-01&to=2026-04-30`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  // Иванов's hiring (October 2025) is outside the period; his dismissal names the position he held.
  expect(res.body.items).toEqual([
    { n: 1, employee: 'Петрова Анна Сергеевна', date: '2026-01-01', event: 'ПРИЕМ', position: 'Специалист', department: 'Офис', ground: '', document: 'Приказ о приёме на работу', document_date: '2026-01-01', document_number: id.petrovaHiring },
    { n: 2, employee: 'Петрова Анна Сергеевна', date: '2026-04-01', event: 'ПЕРЕВОД', position: 'Старший специалист', department: 'Офис', ground: '', document: 'Приказ о переводе', document_date: '2026-04-01', document_number: transfer.number },
    { n: 3, employee: 'Иванов Пётр Ильич', date: '2026-04-30', event: 'УВОЛЬНЕНИЕ', position: 'Специалист', department: 'Офис', ground: 'Соглашение сторон, п. 1 ч. 1 ст. 77 ТК РФ', document: 'Приказ об увольнении', document_date: '2026-04-30', document_number: dismissal.number },
  ]);
});
