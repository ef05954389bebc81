/**
 * Reading personal data is audited, for any module: a catalog with `personal: true` fields leaves a `read` entry
 * (who, when, whose records — ids and names — and whether the reader saw them masked) on every list and card read;
 * the company admin finds it in the audit journal. A catalog without such fields leaves none.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defineCatalog } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

const members = defineModule({
  code: 'members',
  title: 'Члены клуба',
  titleEn: 'Members',
  description: 'Проба аудита чтения персональных данных',
  monthlyPriceKopecks: 0,
  declarations: [
    defineCatalog({
      code: 'people',
      title: 'Члены клуба',
      fields: { snils: { type: 'string', title: 'СНИЛС', personal: true }, passport: { type: 'string', title: 'Паспорт', personal: true }, city: { type: 'string', title: 'Город' } },
      defaultAccess: { viewer: ['read'] },
    }),
    defineCatalog({ code: 'teams', title: 'Команды', fields: { city: { type: 'string', title: 'Город' } }, defaultAccess: { viewer: ['read'] } }),
  ],
  ui: { remote: 'engine' },
});

let stack: TestStack;
let admin: ReturnType<typeof client>;
let viewer: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'personal-reads', modules: [members] });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const company = await onboardTenant(stack, owner, { name: 'Клуб', adminEmail: 'admin@club.ru', modules: ['members'] });
  admin = client(stack.url, company.adminToken);
  const viewerRole = ((await admin.get('/api/admin/roles')).body as { id: string; code: string }[]).find((r) => r.code === 'viewer')!.id;
  expect((await admin.post('/api/admin/users', { email: 'reader@club.ru', fullName: 'Читатель', password: 'Chitaem-Vse-2026', roleIds: [viewerRole] })).status).toBe(201);
  viewer = client(stack.url, await login(stack.url, 'reader@club.ru', 'Chitaem-Vse-2026'));
}, 240_000);
afterAll(() => stack?.close());

test('who read whose personal data, and when, is in the audit journal', async () => {
  const ivanov = (await admin.post('/api/members/catalogs/people', { name: 'Иванов И. И.', snils: '112-233-445 95', passport: '4510 123456' })).body;
  const petrova = (await admin.post('/api/members/catalogs/people', { name: 'Петрова А. А.', snils: '112-233-445 96' })).body;
  await admin.post('/api/members/catalogs/teams', { name: 'Первая' });

  expect((await admin.get('/api/members/catalogs/people?sort=name')).status).toBe(200);
  const card = await viewer.get(`/api/members/catalogs/people/${ivanov.id}`);
  expect(card.body.snils).toBe('••••••••••5 95');
  await viewer.get('/api/members/catalogs/teams');

  const journal = await admin.get('/api/admin/audit-log?action=read&entity=members.people');
  expect(journal.body.total).toBe(2);
  const [cardRead, listRead] = journal.body.items; // newest first
  expect(listRead).toMatchObject({
    userEmail: 'admin@club.ru',
    entityId: null,
    after: { fields: ['snils', 'passport'], ids: [ivanov.id, petrova.id], names: ['Иванов И. И.', 'Петрова А. А.'], masked: false, count: 2 },
  });
  expect(cardRead).toMatchObject({ userEmail: 'reader@club.ru', entityId: ivanov.id, after: { names: ['Иванов И. И.'], masked: true, count: 1 } });
  expect(new Date(cardRead.at).getTime()).toBeGreaterThan(Date.now() - 600_000);
  // The values themselves never reach the journal.
  expect(JSON.stringify(journal.body)).not.toMatch(/445 95|4510/);
  expect((await admin.get('/api/admin/audit-log?action=read&entity=members.teams')).body.total).toBe(0);
}, 120_000);
