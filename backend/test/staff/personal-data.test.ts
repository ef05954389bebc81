import { afterAll, beforeAll, expect, test } from 'vitest';
import { DataEncryption } from '../../src/platform/crypto';
import { type TestStack } from '../support/stack';
import { create, personInn, salaryAccount, startStaffCompany, userWith as userWithRules, type Api } from './support';

let stack: TestStack;
let api: Api;
let tenantId: string;
let schema: string;
let employeeId: string;
const inn = personInn('5001007322');
const bik = '044525225';
const account = salaryAccount(bik);
const card = { snils: '112-233-445 95', passport: '45 10 123456', address: 'Москва, ул. Лесная, д. 7, кв. 12', inn, bank_bik: bik, bank_account: account };

beforeAll(async () => {
  const company = await startStaffCompany('staff-personal', 'admin@kadry-pd.ru');
  ({ stack, api } = company);
  tenantId = company.tenant.tenantId;
  schema = (await stack.db.knex('platform.tenants').where({ id: tenantId }).first('schema_name')).schema_name;
  employeeId = await create(api, 'staff', 'catalogs/employees', { name: 'Соколова Анна Петровна', organization: company.organization, birth_date: '1990-04-12', ...card });
}, 120_000);
afterAll(() => stack?.close());

const userWith = (email: string, rules: { action: string; subject: string }[]) => userWithRules(stack, api, email, rules);

test('personal data is stored encrypted: the table, the search words and the audit log hold no passport, СНИЛС, ИНН, address or account', async () => {
  const row = await stack.db.knex(`${schema}.c_staff_employees`).where({ id: employeeId }).first();
  for (const field of ['inn', 'snils', 'passport', 'address', 'bank_account'] as const) {
    expect(row[field]).toMatch(/^[A-Za-z0-9_-]{22}:v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(row[field]).not.toContain(card[field].slice(-4));
  }
  expect(row.name).toBe('Соколова Анна Петровна');
  expect(row.search_text).not.toMatch(/123456|Лесная/);
  const audit = JSON.stringify(await stack.db.knex('platform.audit_log').where({ tenant_id: tenantId, entity: 'staff.employees' }).select('before', 'after'));
  expect(audit).toContain('Соколова');
  expect(audit).not.toMatch(/123456|Лесная|112-233/);
  // The tenant's data key is kept wrapped by the master key, bound to the tenant.
  const key = await stack.db.knex('platform.data_keys').where({ scope: tenantId }).first();
  expect(key.wrapped_key).toMatch(/^v1\./);
  expect(key.master_kid).toBe(stack.config.masterKey.kid);
});

test('the administrator reads the card in clear; a role without «Персональные данные» sees it masked; with the right, in clear', async () => {
  const clear = await api.get(`/api/staff/catalogs/employees/${employeeId}`);
  expect(clear.status).toBe(200);
  expect(clear.body).toMatchObject({ ...card, birth_date: '1990-04-12' });

  const clerk = await userWith('clerk@kadry-pd.ru', [{ action: 'read', subject: 'staff.employees' }]);
  const masked = await clerk.get(`/api/staff/catalogs/employees/${employeeId}`);
  expect(masked.status).toBe(200);
  // ИНН 12 digits: the last 4 shown; СНИЛС 14 characters: the last 4; the address (text) not at all.
  expect(masked.body.inn).toBe('••••••••' + inn.slice(-4));
  expect(masked.body.snils).toBe('•'.repeat(10) + '5 95');
  expect(masked.body.passport).toBe('•'.repeat(8) + '3456');
  expect(masked.body.address).toBe('••••••');
  expect(masked.body.bank_account).toBe('•'.repeat(16) + account.slice(-4));
  const list = await clerk.get('/api/staff/catalogs/employees');
  expect(JSON.stringify(list.body)).not.toMatch(/123456|Лесная/);

  const hr = await userWith('hr@kadry-pd.ru', [{ action: 'read', subject: 'staff.employees' }, { action: 'read', subject: 'PersonalData' }]);
  expect((await hr.get(`/api/staff/catalogs/employees/${employeeId}`)).body).toMatchObject(card);
});

test('a role without the right that saves the card back as it was shown keeps the data: masked values are not written', async () => {
  const editor = await userWith('editor@kadry-pd.ru', [{ action: 'read', subject: 'staff.employees' }, { action: 'update', subject: 'staff.employees' }]);
  const shown = (await editor.get(`/api/staff/catalogs/employees/${employeeId}`)).body;
  const saved = await editor.patch(`/api/staff/catalogs/employees/${employeeId}`, { phone: '+7 495 123-45-67', inn: shown.inn, snils: shown.snils, passport: shown.passport, address: shown.address, version: shown.version });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(saved.body).toMatchObject({ phone: '+7 495 123-45-67', passport: shown.passport });
  expect((await api.get(`/api/staff/catalogs/employees/${employeeId}`)).body).toMatchObject({ ...card, phone: '+7 495 123-45-67' });
});

test('an encrypted field is found by its exact value, however it is spelt, and not by the quick search', async () => {
  const bySnils = await api.get('/api/staff/catalogs/employees?snils=11223344595');
  expect(bySnils.body.items.map((e: { id: string }) => e.id)).toEqual([employeeId]);
  expect((await api.get(`/api/staff/catalogs/employees?inn=${inn}`)).body.total).toBe(1);
  expect((await api.get('/api/staff/catalogs/employees?snils=11223344596')).body.total).toBe(0);
  expect((await api.get('/api/staff/catalogs/employees?search=Лесная')).body.total).toBe(0);
  expect((await api.get('/api/staff/catalogs/employees?search=Соколова')).body.total).toBe(1);
});

test('a changed personal value is stored encrypted again and read back; the platform service seals and opens any secret', async () => {
  const res = await api.patch(`/api/staff/catalogs/employees/${employeeId}`, { passport: '45 11 654321' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.passport).toBe('45 11 654321');
  const row = await stack.db.knex(`${schema}.c_staff_employees`).where({ id: employeeId }).first('passport');
  expect(row.passport).not.toContain('654321');

  const encryption = stack.app.get(DataEncryption);
  const sealed = await encryption.encrypt('JBSWY3DPEHPK3PXP');
  expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
  expect(await encryption.decrypt(sealed)).toBe('JBSWY3DPEHPK3PXP');
  // Sealed for one scope, it does not open in another (the data key and the bound scope differ), nor when altered.
  await expect(encryption.decrypt(sealed, tenantId)).rejects.toThrow();
  await expect(encryption.decrypt(sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA'))).rejects.toThrow();
});
