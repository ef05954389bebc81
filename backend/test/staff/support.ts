import { expect } from 'vitest';
import { isValidBankAccount } from '../../src/platform/ru/identifiers';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

export type Api = ReturnType<typeof client>;

/** A company with «Торговля и склад» and «Кадры и зарплата» (and more `modules`), its organization; `api` is its administrator. */
export async function startStaffCompany(label: string, adminEmail: string, modules: string[] = []) {
  const stack = await startStack({ label });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, owner, { name: `Кадры ${label}`, adminEmail, modules: ['trade', 'staff', ...modules] });
  const api = client(stack.url, tenant.adminToken);
  const organization = await create(api, 'trade', 'catalogs/organizations', { name: 'ООО «Кадры»', inn: nextInn() });
  return { stack, tenant, api, organization };
}

/** A user of the company (its administrator's `api`) with a role of these rules. */
export async function userWith(stack: TestStack, api: Api, email: string, rules: { action: string; subject: string }[]): Promise<Api> {
  const role = await api.post('/api/admin/roles', { name: `Роль ${email}`, rules });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  const user = await api.post('/api/admin/users', { email, fullName: 'Проверяющий', password: 'Kadry-Passw0rd-1', roleIds: [role.body.id] });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  return client(stack.url, await login(stack.url, email, 'Kadry-Passw0rd-1'));
}

export async function create(api: Api, module: string, path: string, body: Record<string, unknown>): Promise<string> {
  const res = await api.post(`/api/${module}/${path}`, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id;
}

/** Creates and posts a document of «Кадры и зарплата»; a refusal fails the test with the server's answer. */
export async function post(api: Api, code: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await api.post(`/api/staff/documents/${code}?post=true`, body);
  expect(res.status, `${code}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

export type FillStaff = Record<'orlov' | 'belova' | 'sidorov' | 'kuznetsov' | 'novikov', string>;

/**
 * The people of «Заполнить» in March 2026 (21 work days by the calendar), in `org` of an administrator's `api`:
 *   Орлов — in the organization since January, оклад 100 000 ₽, no табель: the whole norm;
 *   Белова — hired on 16 March, оклад 60 000 ₽, табель 12 days;
 *   Сидоров — dismissed on 27 February: not in March's list;
 *   Кузнецов — works in another organization; Новиков — never hired: not listed.
 */
export async function fillMonthStaff(api: Api, org: string): Promise<FillStaff> {
  const other = await create(api, 'trade', 'catalogs/organizations', { name: 'ООО «Другая»', inn: '7707083893' });
  const office = await create(api, 'staff', 'catalogs/departments', { name: 'Офис', organization: org });
  const otherOffice = await create(api, 'staff', 'catalogs/departments', { name: 'Склад', organization: other });
  const manager = await create(api, 'staff', 'catalogs/positions', { name: 'Менеджер' });
  const person = (name: string, organization = org) => create(api, 'staff', 'catalogs/employees', { name, organization });
  const id: FillStaff = {
    orlov: await person('Орлов Игорь Сергеевич'),
    belova: await person('Белова Мария Андреевна'),
    sidorov: await person('Сидоров Пётр Ильич'),
    kuznetsov: await person('Кузнецов Олег Петрович', other),
    novikov: await person('Новиков Денис Юрьевич'),
  };
  const hire = (employee: string, date: string, salary: number, organization = org, department = office) => post(api, 'hirings', { organization, date, employee, department, position: manager, salary });
  await hire(id.orlov, '2026-01-01', 10_000_000);
  await hire(id.sidorov, '2026-01-01', 5_000_000);
  await hire(id.kuznetsov, '2026-01-01', 7_000_000, other, otherOffice);
  await hire(id.belova, '2026-03-16', 6_000_000);
  await post(api, 'dismissals', { organization: org, date: '2026-02-27', employee: id.sidorov });
  await post(api, 'timesheets', { organization: org, date: '2026-03-31', month: '2026-03-01', lines: [{ employee: id.belova, days: 12 }] });
  return id;
}

/** A person's ИНН of 12 digits with both check digits computed from the first ten. */
export function personInn(first10: string): string {
  const check = (digits: string, weights: number[]) => String((weights.reduce((s, w, i) => s + w * Number(digits[i]), 0) % 11) % 10);
  const d11 = first10 + check(first10, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  return d11 + check(d11, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
}

/** An account of 20 digits whose key fits the БИК (the 9th digit chosen). */
export function salaryAccount(bik: string, digits = '40817810000000012345'): string {
  for (let k = 0; k <= 9; k++) {
    const account = digits.slice(0, 8) + k + digits.slice(9);
    if (isValidBankAccount(bik, account)) return account;
  }
  throw new Error('no key digit');
}
