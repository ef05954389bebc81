import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { projectsModule } from './projects/module';

const guide = readFileSync(path.resolve(__dirname, '../../../docs/extending.md'), 'utf8');

let stack: TestStack;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  // Step 5 of the guide: the declarations are registered with the platform.
  stack = await startStack({ label: 'extending', modules: [projectsModule] });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Бюро', adminEmail: 'admin@buro.ru', modules: ['projects'] })).adminToken);
});
afterAll(() => stack?.close());

describe('docs/extending.md', () => {
  test('the guide shows exactly the files this test uses', () => {
    for (const file of ['projects.catalog.ts', 'hours.register.ts', 'timesheet.document.ts', 'hours.report.ts']) {
      const source = readFileSync(path.join(__dirname, 'projects', file), 'utf8').replace("'../../../src/platform/engine/declarations'", "'../../platform/engine/declarations'");
      expect(guide, `${file} in the guide`).toContain('```ts\n' + source.trimEnd() + '\n```');
    }
  });

  test('step 6: the catalog, the document with posting and the report work as the guide says', async () => {
    const apollo = await api.post('/api/projects/catalogs/projects', { name: 'Сайт «Аполлон»', customer: 'ООО Аполлон', hourly_rate: 250000 });
    expect(apollo.status).toBe(201);
    expect(apollo.body.status).toBe('active');
    const vesta = (await api.post('/api/projects/catalogs/projects', { name: 'CRM «Веста»', customer: 'АО Веста', hourly_rate: 180050 })).body;
    expect((await api.get('/api/projects/catalogs/projects?search=аполл')).body.items.map((p: any) => p.name)).toEqual(['Сайт «Аполлон»']);

    const sheet = await api.post('/api/projects/documents/timesheets?post=true', {
      date: '2026-11-20',
      person: 'Иванова А. А.',
      lines: [
        { project: apollo.body.id, hours: '7.5' },
        { project: vesta.id, hours: '0.75' },
      ],
    });
    expect(sheet.status).toBe(201);
    expect(sheet.body).toMatchObject({ number: 'ТБ-000001', status: 'posted' });

    const report = (await api.get('/api/projects/reports/hours_by_project?from=2026-11-01&to=2026-11-30')).body;
    // 7.5 h × 2 500,00 ₽ = 18 750,00 ₽; 0.75 h × 1 800,50 ₽ = 1 350,375 ₽ → 1 350,38 ₽ (half-up).
    expect(report.items).toEqual([
      { project: 'CRM «Веста»', hours: '0.75', cost: 135038 },
      { project: 'Сайт «Аполлон»', hours: '7.50', cost: 1875000 },
    ]);
    expect(report.totals).toEqual({ hours: '8.25', cost: 2010038 });
    expect(report.chart).toEqual({ type: 'bar', x: 'project', y: ['hours'] });

    // Cancelling removes the effect from the report.
    await api.post(`/api/projects/documents/timesheets/${sheet.body.id}/cancel`);
    expect((await api.get('/api/projects/reports/hours_by_project?from=2026-11-01&to=2026-11-30')).body.totals).toEqual({ hours: '0', cost: 0 });
  });

  test('step 6: OpenAPI, meta for the UI and the permission subjects appear', async () => {
    const doc = (await client(stack.url).get('/api/openapi.json')).body;
    for (const p of ['/api/projects/catalogs/projects', '/api/projects/documents/timesheets', '/api/projects/documents/timesheets/{id}/post', '/api/projects/reports/hours_by_project']) expect(Object.keys(doc.paths)).toContain(p);
    const meta = (await api.get('/api/projects/meta')).body;
    expect(meta.catalogs.map((c: any) => c.title)).toEqual(['Проекты']);
    expect(meta.documents[0]).toMatchObject({ title: 'Табель', numberPrefix: 'ТБ', postable: true, sections: [{ code: 'lines', title: 'Работы' }] });
    expect(meta.reports[0].title).toBe('Трудозатраты по проектам');
    const subjects = (await api.get('/api/admin/subjects')).body.subjects.map((s: any) => s.subject);
    expect(subjects).toEqual(expect.arrayContaining(['projects.projects', 'projects.timesheets', 'projects.hours', 'projects.hours_by_project']));
  });

  test('custom fields as the guide shows them', async () => {
    expect((await api.post('/api/admin/custom-fields', { target: 'projects.projects', code: 'manager', title: 'Менеджер', type: 'string' })).status).toBe(201);
    const p = await api.post('/api/projects/catalogs/projects', { name: 'Портал', custom: { manager: 'Анна' } });
    expect(p.body.custom).toEqual({ manager: 'Анна' });
  });

  test('a tenant that has not bought the module is refused with the module named', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const other = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Без проектов', adminEmail: 'admin@noproj.ru' })).adminToken);
    const res = await other.get('/api/projects/catalogs/projects');
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('«Проекты» не подключён');
  });
});
