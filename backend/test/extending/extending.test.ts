import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Provisioner, type TenantOutcome } from '../../../tenant-provisioner/src/provisioner';
import { workcloudDefinition } from '../../src/index';
import { BillingClock } from '../../src/modules/billing/clock';
import { pdfText, savePdf } from '../../src/modules/trade/print/__fixtures__/pdf-tools';
import { defineCatalog, defineDocument } from '../../src/platform/engine/declarations';
import { defineModule, type WorkcloudModule } from '../../src/platform/modules/define-module';
import { platformClock } from '../../src/platform/time/clock';
import { standInModules } from '../support/modules';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { hours } from './timesheets/hours.register';
import { hoursByMonth } from './timesheets/hours.report';
import { timesheetsModule } from './timesheets/module';
import { projects } from './timesheets/projects.catalog';
import { timesheet } from './timesheets/timesheet.document';

/**
 * docs/extending.md, step by step: the guide's module (the files in ./timesheets, shown in the guide
 * verbatim as backend/src/modules/timesheets/…) on a whole WorkCloud over HTTP, with numbers computed by hand.
 */

const guide = readFileSync(path.resolve(__dirname, '../../../docs/extending.md'), 'utf8');
const moduleDir = path.join(__dirname, 'timesheets');

/** A test file's text as it reads in backend/src/modules/timesheets/ (imports relative to there). */
const asInGuide = (text: string) =>
  text
    .replaceAll("'../../../src/modules/", "'../")
    .replaceAll("'../../../src/", "'../../")
    .replaceAll('backend/test/extending/timesheets/', 'backend/src/modules/timesheets/');

/**
 * The guide's note on `optional: true`: a document whose only section may stay empty posts without
 * lines (a second tiny module, so the guide's own module stays as the guide shows it).
 */
const memosModule = defineModule({
  code: 'memos',
  title: 'Служебные записки',
  titleEn: 'Memos',
  description: 'Пример раздела optional: true',
  monthlyPriceKopecks: 0,
  declarations: [
    defineDocument({
      code: 'memos',
      title: 'Служебная записка',
      numberPrefix: 'СЗ',
      fields: { subject: { type: 'string', title: 'Тема', required: true } },
      sections: { points: { title: 'Пункты', optional: true, fields: { text: { type: 'string', title: 'Текст' } } } },
      post: () => [],
    }),
  ],
  ui: { remote: 'engine' },
});

let stack: TestStack;
let ownerToken: string;
let api: ReturnType<typeof client>;
let adminToken: string;
const id: Record<string, string> = {};
const sheets: Record<string, any> = {};

/** Names of the module's tables in a tenant's schema. */
async function moduleTables(tenantId: string) {
  const { schema_name: schema } = await stack.db.knex('platform.tenants').where({ id: tenantId }).first('schema_name');
  const names = (await stack.db.knex('information_schema.tables').where({ table_schema: schema }).pluck('table_name')) as string[];
  return { schema: schema as string, names: names.filter((n) => /^[cdr]_timesheets_/.test(n)).sort() };
}

beforeAll(async () => {
  // The module is handed to the test's WorkCloud directly; in the product it is one line in backend/src/modules/index.ts.
  stack = await startStack({ label: 'extending', modules: [timesheetsModule, memosModule] });
  ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, ownerToken, { name: 'Бюро', adminEmail: 'admin@buro.ru', modules: ['trade', 'timesheets', 'memos'] });
  id.tenant = tenant.tenantId;
  adminToken = tenant.adminToken;
  api = client(stack.url, adminToken);
});
afterAll(async () => {
  platformClock.set(null);
  await stack?.close();
});

describe('the guide shows what the test runs', () => {
  test('every file of the module is in the guide under its path, exactly', () => {
    const files = readdirSync(moduleDir).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(['hours.register.ts', 'hours.report.ts', 'migrations.ts', 'module.ts', 'projects.catalog.ts', 'timesheet.document.ts', 'timesheet.print.ts']);
    for (const file of files) {
      const source = asInGuide(readFileSync(path.join(moduleDir, file), 'utf8'));
      expect(guide, `${file}: its path in the guide`).toContain(`backend/src/modules/timesheets/${file}`);
      expect(guide, `${file}: its code in the guide`).toContain('```ts\n' + source.trimEnd() + '\n```');
    }
  });

  test('step 1: the one line the module adds to backend/src/modules/index.ts', () => {
    const index = readFileSync(path.resolve(__dirname, '../../src/modules/index.ts'), 'utf8');
    const list = /export const workcloudModules: WorkcloudModule\[\] = \[(.*)\];/.exec(index)?.[1];
    expect(list, 'the module list of backend/src/modules/index.ts').toBeTruthy();
    expect(guide, 'the guide shows the current list with timesheetsModule at its end').toContain(`export const workcloudModules: WorkcloudModule[] = [${list}, timesheetsModule];`);
    expect(guide).toContain("import { timesheetsModule } from './timesheets/module';");
  });
});

describe('step 2: the catalog refers to trade.counterparties', () => {
  test('customers are trade counterparties; `name` and `customer` are required, `status` has its default', async () => {
    for (const [key, name] of [['apollo', 'ООО «Аполлон»'], ['vesta', 'АО «Веста»']]) {
      const res = await api.post('/api/trade/catalogs/counterparties', { name, is_customer: true });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      id[key] = res.body.id;
    }

    const noCustomer = await api.post('/api/timesheets/catalogs/projects', { name: 'Без заказчика' });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.errors).toEqual([{ field: 'customer', message: '«Заказчик»: обязательное поле — укажите значение' }]);
    const noName = await api.post('/api/timesheets/catalogs/projects', { customer: id.apollo });
    expect(noName.status).toBe(400);
    expect(noName.body.errors).toEqual([{ field: 'name', message: '«Наименование»: обязательное поле — укажите значение' }]);

    const site = await api.post('/api/timesheets/catalogs/projects', { name: 'Сайт «Аполлон»', customer: id.apollo, hourly_rate: 250000, description: 'Интернет-магазин на новой платформе' });
    expect(site.status, JSON.stringify(site.body)).toBe(201);
    expect(site.body).toMatchObject({ name: 'Сайт «Аполлон»', code: null, customer: id.apollo, status: 'active', hourly_rate: 250000, version: 1 });
    id.site = site.body.id;
    const crm = await api.post('/api/timesheets/catalogs/projects', { name: 'CRM «Веста»', code: 'В-01', customer: id.vesta, hourly_rate: 180050 });
    expect(crm.status, JSON.stringify(crm.body)).toBe(201);
    id.crm = crm.body.id;

    const names = async (qs: string) => (await api.get(`/api/timesheets/catalogs/projects?${qs}`)).body.items.map((p: { name: string }) => p.name);
    expect(await names('search=аполл')).toEqual(['Сайт «Аполлон»']);
    expect(await names('search=интернет')).toEqual(['Сайт «Аполлон»']);
    expect(await names(`customer=${id.vesta}`)).toEqual(['CRM «Веста»']);
  });
});

describe('step 3: the document computes, posts, prints', () => {
  test('a posted timesheet: rates from the projects, amounts and total by compute, number and movements', async () => {
    const res = await api.post('/api/timesheets/documents/timesheets?post=true', {
      date: '2026-11-20',
      person: 'Иванова А. А.',
      lines: [
        { project: id.site, hours: '7.5' },
        { project: id.crm, hours: '0,75' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 7,5 ч × 2 500,00 ₽ = 18 750,00 ₽; 0,75 ч × 1 800,50 ₽ = 1 350,375 ₽ → 1 350,38 ₽ (half-up); total 20 100,38 ₽.
    expect(res.body).toMatchObject({ number: 'ТБ-000001', date: '2026-11-20', status: 'posted', total: 2010038 });
    expect(res.body.lines.map((l: any) => [l.hours, l.rate, l.amount])).toEqual([
      ['7.50', 250000, 1875000],
      ['0.75', 180050, 135038],
    ]);
    sheets.first = res.body;

    // A rate typed on the line wins over the project's: 4 ч × 3 000,00 ₽ = 12 000,00 ₽.
    const second = await api.post('/api/timesheets/documents/timesheets?post=true', { date: '2026-12-03', person: 'Петров П. П.', lines: [{ project: id.site, hours: '4', rate: 300000 }] });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body).toMatchObject({ number: 'ТБ-000002', total: 1200000 });
    sheets.second = second.body;
  });

  test('a document without a date is dated today in the company’s time zone (Moscow here)', async () => {
    // 30 November, 21:30 UTC is already 1 December, 00:30 in Moscow.
    platformClock.set(new Date('2026-11-30T21:30:00Z'));
    try {
      const res = await api.post('/api/timesheets/documents/timesheets?post=true', { person: 'Иванова А. А.', lines: [{ project: id.crm, hours: '2.25' }] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      // 2,25 ч × 1 800,50 ₽ = 4 051,125 ₽ → 4 051,13 ₽.
      expect(res.body).toMatchObject({ number: 'ТБ-000003', date: '2026-12-01', total: 405113 });
      sheets.third = res.body;
    } finally {
      platformClock.set(null);
    }
  });

  test('the form’s live compute: the project’s rate appears, amounts and total are computed, nothing is saved', async () => {
    const res = await api.post('/api/timesheets/documents/timesheets/compute', { person: 'Иванова А. А.', lines: [{ project: id.site, hours: '1.5' }, { project: id.crm }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The second line is not complete (no hours): returned as typed, its rate suggested.
    expect(res.body.lines).toEqual([
      { project: id.site, hours: '1.5', rate: 250000, amount: 375000 },
      { project: id.crm, rate: 180050 },
    ]);
    expect(res.body.total).toBe(375000);
    expect((await api.get('/api/timesheets/documents/timesheets')).body.total).toBe(3);
  });

  test('a timesheet with no lines is not posted (422), and nothing is saved; a section marked optional may stay empty', async () => {
    const empty = await api.post('/api/timesheets/documents/timesheets?post=true', { date: '2026-12-04', person: 'Иванова А. А.', lines: [] });
    expect(empty.status).toBe(422);
    expect(empty.contentType).toContain('application/problem+json');
    expect(empty.body.detail).toBe('«Табель» без строк провести нельзя: заполните «Работы».');
    expect((await api.get('/api/timesheets/documents/timesheets')).body.total).toBe(3);
    // A draft may be saved empty; posting it is refused the same way.
    const draft = await api.post('/api/timesheets/documents/timesheets', { date: '2026-12-04', person: 'Иванова А. А.' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', total: 0, lines: [] });
    const post = await api.post(`/api/timesheets/documents/timesheets/${draft.body.id}/post`);
    expect(post.status).toBe(422);
    expect(post.body.detail).toBe(empty.body.detail);
    expect((await api.delete(`/api/timesheets/documents/timesheets/${draft.body.id}`)).status).toBe(204);

    const memo = await api.post('/api/memos/documents/memos?post=true', { subject: 'Пятница — короткий день', points: [] });
    expect(memo.status, JSON.stringify(memo.body)).toBe(201);
    expect(memo.body).toMatchObject({ number: 'СЗ-000001', status: 'posted', points: [] });
  });

  test('the print form is a PDF with the person, the lines and the total', async () => {
    const res = await fetch(`${stack.url}/api/timesheets/documents/timesheets/${sheets.first.id}/print/timesheet`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(savePdf('extending-timesheet', Buffer.from(await res.arrayBuffer())));
    expect(text).toContain('Табель ТБ-000001 от 20.11.2026');
    expect(text).toContain('Сотрудник: Иванова А. А.');
    expect(text).toContain('1. Сайт «Аполлон»: 7,5 ч × 2 500,00 = 18 750,00 руб.');
    expect(text).toContain('2. CRM «Веста»: 0,75 ч × 1 800,50 = 1 350,38 руб.');
    expect(text).toContain('Итого: 20 100,38 руб.');
  });
});

describe('step 4: the register’s read API', () => {
  /** Short names of the projects and customers, for rows that hold their ids. */
  const names = (): Record<string, string> => ({ [id.site]: 'Сайт', [id.crm]: 'CRM', [id.apollo]: 'Аполлон', [id.vesta]: 'Веста' });

  test('balance on a date: hours and cost so far, by project, customer and person', async () => {
    const balance = async (qs: string) => {
      const res = await api.get(`/api/timesheets/registers/hours/balance?${qs}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((r: any) => [names()[r.project], names()[r.customer], r.person, r.hours, r.cost]).sort();
    };
    // At the end of November only the first timesheet: 7,5 ч / 18 750,00 ₽ and 0,75 ч / 1 350,38 ₽.
    expect(await balance('date=2026-11-30')).toEqual([
      ['CRM', 'Веста', 'Иванова А. А.', '0.75', '135038'],
      ['Сайт', 'Аполлон', 'Иванова А. А.', '7.50', '1875000'],
    ]);
    // Now, for the site only: Иванова's 7,5 ч and Петров's 4 ч.
    expect(await balance(`project=${id.site}`)).toEqual([
      ['Сайт', 'Аполлон', 'Иванова А. А.', '7.50', '1875000'],
      ['Сайт', 'Аполлон', 'Петров П. П.', '4.00', '1200000'],
    ]);
  });

  test('turnover by month, by a dimension, and both', async () => {
    const turnover = async (qs: string) => {
      const res = await api.get(`/api/timesheets/registers/hours/turnover?from=2026-11-01&to=2026-12-31&${qs}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items;
    };
    // November: 7,5 + 0,75 = 8,25 ч, 18 750,00 + 1 350,38 = 20 100,38 ₽. December: 4 + 2,25 = 6,25 ч, 12 000,00 + 4 051,13 = 16 051,13 ₽.
    expect((await turnover('period=month')).map((r: any) => [r.period, r.turnover])).toEqual([
      ['2026-11-01', { hours: '8.25', cost: '2010038' }],
      ['2026-12-01', { hours: '6.25', cost: '1605113' }],
    ]);
    // By customer for both months: Аполлон 7,5 + 4 = 11,5 ч, 30 750,00 ₽; Веста 0,75 + 2,25 = 3 ч, 1 350,38 + 4 051,13 = 5 401,51 ₽.
    expect((await turnover('groupBy=customer')).map((r: any) => [names()[r.dimensions.customer], r.turnover]).sort()).toEqual([
      ['Аполлон', { hours: '11.50', cost: '3075000' }],
      ['Веста', { hours: '3.00', cost: '540151' }],
    ]);
    expect((await turnover('period=month&groupBy=person')).map((r: any) => [r.period, r.dimensions.person, r.turnover.hours])).toEqual([
      ['2026-11-01', 'Иванова А. А.', '8.25'],
      ['2026-12-01', 'Иванова А. А.', '2.25'],
      ['2026-12-01', 'Петров П. П.', '4.00'],
    ]);
  });

  test('movements of a document: in the register, and every register of the document at once', async () => {
    const res = await api.get(`/api/timesheets/registers/hours/movements?recorder=${sheets.first.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((m: any) => [m.kind, m.period, names()[m.project], m.hours, m.cost, m.storno])).toEqual([
      ['receipt', '2026-11-20', 'Сайт', '7.50', '1875000', false],
      ['receipt', '2026-11-20', 'CRM', '0.75', '135038', false],
    ]);
    const all = await api.get(`/api/timesheets/documents/timesheets/${sheets.first.id}/movements`);
    expect(all.body.registers.map((r: any) => [r.register, r.title, r.items.length])).toEqual([['hours', 'Трудозатраты', 2]]);
  });
});

describe('step 5: the report groups by month', () => {
  test('hours and cost per month, for all projects or one; cancelling a timesheet takes it out', async () => {
    const report = async (qs: string) => {
      const res = await api.get(`/api/timesheets/reports/hours_by_month?from=2026-11-01&to=2026-12-31${qs}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const all = await report('');
    expect(all.items).toEqual([
      { month: '2026-11-01', hours: '8.25', cost: 2010038 },
      { month: '2026-12-01', hours: '6.25', cost: 1605113 },
    ]);
    expect(all.totals).toEqual({ hours: '14.5', cost: 3615151 });
    expect(all.chart).toEqual({ type: 'bar', x: 'month', y: ['hours'] });
    expect((await report(`&project=${id.site}`)).items).toEqual([
      { month: '2026-11-01', hours: '7.50', cost: 1875000 },
      { month: '2026-12-01', hours: '4.00', cost: 1200000 },
    ]);

    // Cancelling writes storno movements (the ledger is never rewritten): November nets to zero.
    expect((await api.post(`/api/timesheets/documents/timesheets/${sheets.first.id}/cancel`)).status).toBe(200);
    expect((await report('')).items).toEqual([
      { month: '2026-11-01', hours: '0.00', cost: 0 },
      { month: '2026-12-01', hours: '6.25', cost: 1605113 },
    ]);
    const movements = (await api.get(`/api/timesheets/registers/hours/movements?recorder=${sheets.first.id}`)).body.items;
    expect(movements.map((m: any) => [m.hours, m.storno])).toEqual([
      ['7.50', false],
      ['0.75', false],
      ['-7.50', true],
      ['-0.75', true],
    ]);
  });
});

describe('step 6: selling it', () => {
  test('the catalogue row comes from defineModule', async () => {
    const owner = client(stack.url, ownerToken);
    const row = (await owner.get('/api/owner/modules')).body.find((m: { code: string }) => m.code === 'timesheets');
    expect(row).toMatchObject({ code: 'timesheets', title: 'Табели', titleEn: 'Timesheets', description: 'Проекты для заказчиков, табели, трудозатраты', monthlyPriceKopecks: 80000, available: true, built: true, sellable: true });
  });

  test('onboarding with the module but without trade is refused', async () => {
    const res = await client(stack.url, ownerToken).post('/api/owner/tenants', { name: 'Только проекты', inn: nextInn(), adminEmail: 'admin@only-projects.ru', adminPassword: 'Admin-Passw0rd-1', modules: ['timesheets'] });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Модуль «Табели» работает только вместе с: «Торговля и склад». Добавьте его в список модулей.');
    expect(guide.replace(/\s+/g, ' ')).toContain(res.body.detail);
  });

  test('a company without the module has none of its tables; buying needs trade first and creates them in the request; removing keeps them read-only', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'Новый клиент', adminEmail: 'admin@new-client.ru' });
    const admin = client(stack.url, t.adminToken);
    expect((await moduleTables(t.tenantId)).names).toEqual([]);
    const closed = await admin.get('/api/timesheets/catalogs/projects');
    expect(closed.status).toBe(403);
    expect(closed.body.detail).toContain('«Табели» не подключён');

    const offer = (await admin.get('/api/admin/modules')).body.find((m: { code: string }) => m.code === 'timesheets');
    expect(offer).toMatchObject({ title: 'Табели', monthlyPriceKopecks: 80000, enabled: false, offered: true });

    const refused = await admin.post('/api/admin/subscription/modules/timesheets');
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('Модуль «Табели» работает только вместе с «Торговля и склад» — сначала подключите его.');
    expect((await moduleTables(t.tenantId)).names).toEqual([]);

    expect((await admin.post('/api/admin/subscription/modules/trade')).status).toBe(200);
    expect((await admin.post('/api/admin/subscription/modules/timesheets')).status).toBe(200);
    expect((await moduleTables(t.tenantId)).names).toEqual([
      'c_timesheets_projects',
      'd_timesheets_timesheets',
      'd_timesheets_timesheets__lines',
      'r_timesheets_hours',
      'r_timesheets_hours__daily',
      'r_timesheets_hours__totals',
    ]);
    const customer = (await admin.post('/api/trade/catalogs/counterparties', { name: 'ИП Смирнов' })).body;
    expect((await admin.post('/api/timesheets/catalogs/projects', { name: 'Первый проект', customer: customer.id })).status).toBe(201);

    expect((await admin.delete('/api/admin/subscription/modules/timesheets')).status).toBe(200);
    expect((await moduleTables(t.tenantId)).names).toContain('c_timesheets_projects');
    expect((await admin.get('/api/timesheets/catalogs/projects')).body.items.map((p: { name: string }) => p.name)).toEqual(['Первый проект']);
    const write = await admin.post('/api/timesheets/catalogs/projects', { name: 'Второй', customer: customer.id });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ missingModule: 'timesheets', readOnly: true });
  });

  test('the owner sets a new price from a date (the company sees both) and can take the module off sale', async () => {
    const clock = stack.app.get(BillingClock);
    clock.set(new Date('2026-12-07T09:00:00Z'));
    try {
      const owner = client(stack.url, ownerToken);
      const changed = await owner.put('/api/owner/modules/timesheets', { monthlyPriceKopecks: 95000, priceFrom: '2027-01-01' });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body).toMatchObject({ monthlyPriceKopecks: 80000, nextPrice: { validFrom: '2027-01-01', monthlyPriceKopecks: 95000 } });
      const past = await owner.put('/api/owner/modules/timesheets', { monthlyPriceKopecks: 70000, priceFrom: '2026-12-01' });
      expect(past.status).toBe(400);
      expect(past.body.errors[0].field).toBe('priceFrom');
      const offer = (await api.get('/api/admin/modules')).body.find((m: { code: string }) => m.code === 'timesheets');
      expect(offer).toMatchObject({ enabled: true, monthlyPriceKopecks: 80000, nextPrice: { validFrom: '2027-01-01', monthlyPriceKopecks: 95000 } });

      expect((await owner.put('/api/owner/modules/timesheets', { available: false })).status).toBe(200);
      const t = await onboardTenant(stack, ownerToken, { name: 'Опоздавший', adminEmail: 'admin@late.ru', modules: ['trade'] });
      const late = await client(stack.url, t.adminToken).post('/api/admin/subscription/modules/timesheets');
      expect(late.status).toBe(422);
      expect(late.body.detail).toContain('Модуль «Табели» больше не подключается');
      // Companies that have it keep working.
      expect((await api.get('/api/timesheets/catalogs/projects')).status).toBe(200);
      expect((await owner.put('/api/owner/modules/timesheets', { available: true })).status).toBe(200);
    } finally {
      clock.set(null);
    }
  });
});

describe('step 7: what the UI draws from, permissions, custom fields', () => {
  test('meta with the menu groups, OpenAPI entries, permission subjects and the default roles’ rights', async () => {
    const meta = (await api.get('/api/timesheets/meta')).body;
    expect(meta.groups).toEqual(timesheetsModule.definition.menuGroups);
    expect(meta.catalogs.map((c: any) => [c.code, c.group])).toEqual([['projects', 'work']]);
    expect(meta.documents[0]).toMatchObject({ code: 'timesheets', group: 'work', title: 'Табель', numberPrefix: 'ТБ', postable: true, printForms: [{ code: 'timesheet', title: 'Табель', contentType: 'application/pdf' }], sections: [{ code: 'lines', title: 'Работы' }] });
    expect(meta.registers.map((r: any) => [r.code, r.type])).toEqual([['hours', 'balance']]);
    expect(meta.reports.map((r: any) => [r.code, r.group, r.title])).toEqual([['hours_by_month', 'reports', 'Трудозатраты по месяцам']]);

    const doc = (await client(stack.url).get('/api/openapi.json')).body;
    for (const p of [
      '/api/timesheets/catalogs/projects',
      '/api/timesheets/documents/timesheets',
      '/api/timesheets/documents/timesheets/{id}/post',
      '/api/timesheets/documents/timesheets/{id}/print/timesheet',
      '/api/timesheets/registers/hours/balance',
      '/api/timesheets/registers/hours/turnover',
      '/api/timesheets/registers/hours/movements',
      '/api/timesheets/reports/hours_by_month',
    ])
      expect(Object.keys(doc.paths)).toContain(p);

    const subjects = (await api.get('/api/admin/subjects')).body.subjects.map((s: any) => s.subject);
    expect(subjects).toEqual(expect.arrayContaining(['timesheets.projects', 'timesheets.timesheets', 'timesheets.hours', 'timesheets.hours_by_month']));
    const roles: { code: string; rules: { action: string; subject: string }[] }[] = (await api.get('/api/admin/roles')).body;
    const rights = (code: string) =>
      roles
        .find((r) => r.code === code)!
        .rules.filter((r) => r.subject.startsWith('timesheets.'))
        .map((r) => `${r.subject}:${r.action}`)
        .sort();
    expect(rights('accountant')).toEqual(['timesheets.hours:read', 'timesheets.projects:read', 'timesheets.timesheets:create', 'timesheets.timesheets:post', 'timesheets.timesheets:read', 'timesheets.timesheets:update']);
    expect(rights('sales_manager')).toEqual(['timesheets.projects:create', 'timesheets.projects:read', 'timesheets.projects:update']);
    expect(rights('storekeeper')).toEqual([]);
  });

  test('custom fields as the guide shows them', async () => {
    expect((await api.post('/api/admin/custom-fields', { target: 'timesheets.projects', code: 'manager', title: 'Менеджер', type: 'string' })).status).toBe(201);
    const p = await api.post('/api/timesheets/catalogs/projects', { name: 'Портал', customer: id.apollo, custom: { manager: 'Анна' } });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body.custom).toEqual({ manager: 'Анна' });
  });
});

describe('step 9: mistakes stop the start with a Russian message naming the file and the field', () => {
  /**
   * The message of a module list that fails to start, as the guide quotes it: paths of backend/src/modules/timesheets,
   * and `declaredIn` for what this test declares itself (the variant of module.ts or of a declaration file).
   */
  const startError = (modules: WorkcloudModule[], declaredIn: string) => {
    try {
      workcloudDefinition({ modules });
    } catch (e) {
      return asInGuide((e as Error).message).replaceAll('backend/test/extending/extending.test.ts', `backend/src/modules/timesheets/${declaredIn}`);
    }
    throw new Error('the module list started');
  };

  test('a reference to another module’s catalog without `depends`', () => {
    const message = startError([defineModule({ ...timesheetsModule.definition, depends: [] })], 'module.ts');
    expect(message).toContain('backend/src/modules/timesheets/projects.catalog.ts: поле «customer»');
    expect(message).toContain('добавьте «trade» в depends модуля «timesheets»');
    expect(guide).toContain(message);
  });

  test('a field the engine adds itself (a document’s own `date`)', () => {
    const dated = defineDocument({ ...timesheet, fields: { ...timesheet.fields, date: { type: 'date', title: 'Дата' } } });
    const message = startError([defineModule({ ...timesheetsModule.definition, declarations: [projects, dated, hours, hoursByMonth] })], 'timesheet.document.ts');
    expect(message).toContain('документ «timesheets.timesheets» (backend/src/modules/timesheets/timesheet.document.ts): поле «date» движок добавляет сам');
    expect(guide).toContain(message);
  });

  test('a code used twice in a module, a module listed twice', () => {
    const clash = startError([defineModule({ ...timesheetsModule.definition, declarations: [projects, timesheet, { ...hours, code: 'projects' }, hoursByMonth] })], 'module.ts');
    expect(clash).toBe(
      'регистр «timesheets.projects» (backend/src/modules/timesheets/hours.register.ts): код «projects» уже занят (справочник, backend/src/modules/timesheets/projects.catalog.ts) — у справочника, документа, регистра и отчёта модуля коды разные',
    );
    expect(guide.replace(/\s+/g, ' ')).toContain('код «projects» уже занят (справочник, …projects.catalog.ts) — у справочника, документа, регистра и отчёта модуля коды разные');
    expect(() => workcloudDefinition({ modules: [timesheetsModule, timesheetsModule] })).toThrow('Модуль «timesheets» объявлен дважды');
  });
});

describe('step 8: a changed field type needs a tenant migration', () => {
  // Release 1 kept the hourly rate in rubles, as a decimal; release 2 (the guide's files) keeps money in kopecks.
  const release1 = defineModule({
    ...timesheetsModule.definition,
    declarations: [defineCatalog({ ...projects, fields: { ...projects.fields, hourly_rate: { type: 'decimal', scale: 2, title: 'Ставка в час, ₽' } } }), timesheet, hours, hoursByMonth],
    migrations: [],
  });
  const sameModules = (m: typeof timesheetsModule) => workcloudDefinition({ modules: [...standInModules, m, memosModule] });

  test('installed fresh, a module gets its current tables and its migrations count as done', async () => {
    const state = await stack.db.knex('platform.tenant_module_schemas').where({ tenant_id: id.tenant, module_code: 'timesheets' }).first('version');
    expect(state).toEqual({ version: 1 });
  });

  test('migrate-all: without the step the tenant is refused (and rolled back); with it the rates become kopecks', async () => {
    const { tenantId } = await new Provisioner(stack.db, sameModules(release1)).provision({
      requestId: 'extending-release-1',
      name: 'Старый клиент',
      inn: nextInn(),
      adminEmail: 'admin@old-client.ru',
      adminPassword: 'Old-Client-Passw0rd',
      modules: ['trade', 'timesheets'],
    });
    const { schema } = await moduleTables(tenantId);
    const customer = '00000000-0000-4000-8000-000000000001';
    await stack.db.knex(`${schema}.c_trade_counterparties`).insert({ id: customer, name: 'ООО «Давний»' });
    await stack.db.knex(`${schema}.c_timesheets_projects`).insert({ id: '00000000-0000-4000-8000-000000000002', name: 'Поддержка', customer, hourly_rate: '2500.50' });

    // Release 2 without the migration: the type change is refused for the tenants that have the module.
    const refused = await new Provisioner(stack.db, sameModules(defineModule({ ...timesheetsModule.definition, migrations: [] }))).migrateAll();
    const failure = refused.failed.find((f) => f.tenantId === tenantId);
    expect(failure?.error).toBe(
      'модуль «timesheets»: Таблица c_timesheets_projects, поле hourly_rate: в базе numeric, в описании bigint. Такое изменение может потерять данные — добавьте явный шаг миграции (TenantMigration).',
    );
    expect(guide).toContain(failure!.error);
    expect(await stack.db.knex(`${schema}.c_timesheets_projects`).first('hourly_rate')).toEqual({ hourly_rate: '2500.50' });

    // Release 2 as the guide has it (module.ts with migrations.ts): converted in that tenant.
    const outcomes = new Map<string, TenantOutcome>();
    const report = await new Provisioner(stack.db, stack.definition).migrateAll({ onProgress: (p) => outcomes.set(p.tenantId, p.outcome) });
    expect(report.failed).toEqual([]);
    expect(outcomes.get(tenantId)).toMatchObject({ kind: 'upgraded', applied: ['timesheets 1: Ставка в час: рубли → копейки', 'timesheets: tables'] });
    const old = client(stack.url, await login(stack.url, 'admin@old-client.ru', 'Old-Client-Passw0rd'));
    expect((await old.get('/api/timesheets/catalogs/projects')).body.items.map((p: any) => [p.name, p.hourly_rate])).toEqual([['Поддержка', 250050]]);
    expect(await stack.db.knex('platform.tenant_module_schemas').where({ tenant_id: tenantId, module_code: 'timesheets' }).first('version')).toEqual({ version: 1 });
  });
});
