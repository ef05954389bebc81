import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * CRM over real HTTP: a lead from the site's web form becomes a client (trade's counterparty — the same item trade
 * sees), a contact and a deal; the deal moves through the funnel's stages (required fields per stage, time in each
 * stage), gets a Заказ клиента with its products and is won when the order is shipped. Duplicates by ИНН, phone and
 * e-mail are refused naming the record found; a manager whose role says so sees only their own deals (in SQL).
 */
let stack: TestStack;
let admin: ReturnType<typeof client>;
let tenantId: string;
const stage: Record<string, string> = {};
let funnel: string;

beforeAll(async () => {
  // The web server in front of the backend is on loopback: the visitor's address comes in X-Forwarded-For.
  stack = await startStack({ label: 'crm', env: { TRUST_PROXY: 'loopback' } });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const t = await onboardTenant(stack, owner, { name: 'ООО «Продажи»', adminEmail: 'admin@sales-crm.ru', modules: ['trade', 'crm'] });
  tenantId = t.tenantId;
  admin = client(stack.url, t.adminToken);
  funnel = (await admin.get('/api/crm/catalogs/funnels')).body.items[0].id;
  for (const s of (await admin.get(`/api/crm/catalogs/stages?funnel=${funnel}`)).body.items) stage[s.name] = s.id;
}, 180_000);
afterAll(() => stack?.close());

const webForm = (body: Record<string, unknown>, ip = '203.0.113.7') =>
  fetch(`${stack.url}/api/crm/public/${tenantId}/leads`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(body) });

describe('CRM', () => {
  test('a web-form lead → client + contact + deal → stages → order → won when shipped', async () => {
    // The seeded funnel «Продажи»: Новая 10 %, Переговоры 40 % (contact), Счёт выставлен 70 % (amount, date), Выиграна, Проиграна.
    expect(Object.keys(stage)).toEqual(['Новая', 'Переговоры', 'Счёт выставлен', 'Выиграна', 'Проиграна']);

    // A bot fills the honeypot: answered as accepted, nothing is kept.
    const bot = await webForm({ name: 'Бот', phone: '+7 900 000-00-00', website: 'http://spam.example' });
    expect(bot.status, await bot.clone().text()).toBe(202);
    const sent = await webForm({ name: 'Иван Петров', company: 'ООО «Ромашка»', phone: '+7 (495) 123-45-67', email: 'ivan@romashka.ru', comment: 'Нужна поставка оборудования' });
    expect(sent.status).toBe(202);
    const leads = (await admin.get('/api/crm/catalogs/leads')).body.items;
    expect(leads.map((l: any) => [l.name, l.source, l.status])).toEqual([['Иван Петров', 'web_form', 'new']]);

    const converted = await admin.post(`/api/crm/leads/${leads[0].id}/convert`, {});
    expect(converted.status, JSON.stringify(converted.body)).toBe(201);
    const { counterparty, contact, deal } = converted.body;
    expect(deal).toMatchObject({ counterparty, contact, funnel, stage: stage['Новая'], source: 'lead' });
    // One list of clients: trade sees the counterparty CRM made, with the lead's phone and e-mail.
    const inTrade = (await admin.get('/api/trade/catalogs/counterparties?search=Ромашка')).body.items;
    expect(inTrade.map((c: any) => [c.id, c.name, c.phone, c.email])).toEqual([[counterparty, 'ООО «Ромашка»', '+7 (495) 123-45-67', 'ivan@romashka.ru']]);
    expect((await admin.get(`/api/crm/catalogs/contacts?counterparty=${counterparty}`)).body.items.map((c: any) => c.name)).toEqual(['Иван Петров']);
    expect((await admin.get(`/api/crm/catalogs/leads/${leads[0].id}`)).body).toMatchObject({ status: 'converted', deal: deal.id, counterparty });
    expect((await admin.post(`/api/crm/leads/${leads[0].id}/convert`, {})).status).toBe(409);

    const move = (body: Record<string, unknown>) => admin.patch(`/api/crm/catalogs/deals/${deal.id}`, body);
    expect((await move({ stage: stage['Переговоры'] })).status).toBe(200);
    const refused = await move({ stage: stage['Счёт выставлен'] });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe('Чтобы перейти на этап «Счёт выставлен», заполните: «Сумма», «Ожидаемая дата закрытия».');
    // 2 × 500 000,00 ₽ = 1 000 000,00 ₽ = 100 000 000 kopecks.
    const moved = await move({ stage: stage['Счёт выставлен'], amount: 100_000_000, expected_close: '2026-12-20' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    const history = (await admin.get(`/api/crm/catalogs/stage_history?deal=${deal.id}`)).body.items;
    expect(history.map((h: any) => h.name)).toEqual(['Новая', 'Переговоры', 'Счёт выставлен']);
    expect(history.slice(0, 2).every((h: any) => Number.isInteger(h.seconds) && h.seconds >= 0)).toBe(true);
    expect(history[2].seconds).toBeNull();

    // Forecast of December: 1 000 000,00 ₽ × 70 % = 700 000,00 ₽.
    const forecast = (await admin.get(`/api/crm/reports/month_forecast?month=2026-12-01&funnel=${funnel}`)).body;
    expect(forecast.items).toEqual([expect.objectContaining({ stage: 'Счёт выставлен', probability: 70, deals: 1, amount: 100_000_000, forecast: 70_000_000 })]);

    const warehouse = (await admin.post('/api/trade/catalogs/warehouses', { name: 'Основной склад' })).body.id;
    const service = (await admin.post('/api/trade/catalogs/products', { name: 'Внедрение оборудования', kind: 'service', unit_name: 'усл', unit_code: '356' })).body.id;
    expect((await admin.post(`/api/crm/deals/${deal.id}/order`)).status).toBe(422); // no products yet
    const line = await admin.post('/api/crm/catalogs/deal_products', { name: 'Внедрение', deal: deal.id, product: service, quantity: '2', price: 50_000_000 });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    const order = await admin.post(`/api/crm/deals/${deal.id}/order`);
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body).toMatchObject({ counterparty, status: 'draft', total: 100_000_000 });
    expect(order.body.goods.map((g: any) => [g.product, g.quantity, g.price])).toEqual([[service, '2.000', 50_000_000]]);
    expect((await admin.get(`/api/crm/catalogs/deals/${deal.id}`)).body.order).toBe(order.body.id);

    await admin.post('/api/crm/catalogs/activities', { name: 'Звонок: согласовали сроки', kind: 'call', deal: deal.id, counterparty });
    // Shipped: the sale of the order is posted, and the deal is won in the same transaction.
    const sale = await admin.post('/api/trade/documents/sale?post=true', { customer_order: order.body.id, counterparty, warehouse, goods: order.body.goods.map((g: any) => ({ product: g.product, quantity: g.quantity, price: g.price })) });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const won = (await admin.get(`/api/crm/catalogs/deals/${deal.id}`)).body;
    expect(won.stage).toBe(stage['Выиграна']);
    expect(won.closed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The deal's timeline: its stages, the call, and trade's order and sale of the client.
    const timeline = (await admin.get(`/api/crm/timeline?deal=${deal.id}`)).body.items;
    expect(timeline.map((e: any) => e.title)).toEqual(
      expect.arrayContaining(['Новая', 'Выиграна', 'Звонок: согласовали сроки', `Заказ клиента ${order.body.number}`, `Реализация ${sale.body.number}`]),
    );
    const byClient = (await admin.get(`/api/crm/timeline?counterparty=${counterparty}`)).body.items;
    expect(byClient.map((e: any) => e.source)).toEqual(expect.arrayContaining(['crm.activities', 'trade.customer_order', 'trade.sale']));

    const conversion = (await admin.get(`/api/crm/reports/funnel_conversion?funnel=${funnel}`)).body.items;
    expect(conversion.find((r: any) => r.stage === 'Выиграна')).toMatchObject({ deals: 1, conversion: '100.0' });
  });

  test('a lost deal needs its reason; the lost reasons report counts it', async () => {
    const client = (await admin.post('/api/trade/catalogs/counterparties', { name: 'ИП Сидоров', inn: nextInn() })).body.id;
    const deal = (await admin.post('/api/crm/catalogs/deals', { name: 'Сидоров: склад', counterparty: client, funnel, stage: stage['Новая'], amount: 5_000_000 })).body;
    const noReason = await admin.patch(`/api/crm/catalogs/deals/${deal.id}`, { stage: stage['Проиграна'] });
    expect(noReason.status).toBe(422);
    expect(noReason.body.detail).toContain('«Причина проигрыша»');
    expect((await admin.patch(`/api/crm/catalogs/deals/${deal.id}`, { stage: stage['Проиграна'], lost_reason: 'Дорого' })).status).toBe(200);
    const report = (await admin.get('/api/crm/reports/lost_reasons?from=2026-01-01&to=2027-12-31')).body;
    expect(report.items).toEqual([{ reason: 'Дорого', deals: 1, amount: 5_000_000 }]);
  });

  test('paid: an incoming payment naming the deal\'s order wins the deal', async () => {
    const client = (await admin.post('/api/trade/catalogs/counterparties', { name: 'ООО «Предоплата»', inn: nextInn() })).body.id;
    const deal = (await admin.post('/api/crm/catalogs/deals', { name: 'Предоплата: монтаж', counterparty: client, funnel, stage: stage['Новая'], amount: 1_200_000 })).body;
    const service = (await admin.post('/api/trade/catalogs/products', { name: 'Монтаж', kind: 'service', unit_name: 'усл', unit_code: '356' })).body.id;
    await admin.post('/api/crm/catalogs/deal_products', { name: 'Монтаж', deal: deal.id, product: service, quantity: '1', price: 1_200_000 });
    const order = (await admin.post(`/api/crm/deals/${deal.id}/order`)).body;
    const organization = (await admin.get('/api/trade/catalogs/organizations')).body.items[0].id;
    expect((await admin.post('/api/trade/catalogs/cash_desks', { name: 'Касса', organization })).status).toBe(201);
    // 12 000,00 ₽ in cash under the order's contract, the breakdown naming the order (a prepayment).
    const paid = await admin.post('/api/trade/documents/money_in?post=true', { kind: 'cash', counterparty: client, contract: order.contract, amount: 1_200_000, allocation: [{ contract: order.contract, document: order.id, amount: 1_200_000 }] });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect((await admin.get(`/api/crm/catalogs/deals/${deal.id}`)).body.stage).toBe(stage['Выиграна']);
  });

  test('duplicates by ИНН, phone and e-mail are refused with 409 naming the record found', async () => {
    const inn = nextInn();
    const first = await admin.post('/api/crm/catalogs/leads', { name: 'Анна Смирнова', company: 'ООО «Вектор»', inn, phone: '8 (812) 555-01-02' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const sameInn = await admin.post('/api/crm/catalogs/leads', { name: 'Другой человек', inn });
    expect(sameInn.status).toBe(409);
    expect(sameInn.body).toMatchObject({ existing: { catalog: 'crm.leads', id: first.body.id, name: 'Анна Смирнова' } });
    expect(sameInn.body.detail).toBe('Дубль: лид «Анна Смирнова» уже есть с таким ИНН. Откройте его вместо создания нового.');
    // The same phone written differently is the same phone.
    const samePhone = await admin.post('/api/crm/catalogs/leads', { name: 'Кто-то', phone: '+7 812 5550102' });
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.existing.name).toBe('Анна Смирнова');

    // Once converted, the ИНН belongs to a client: a new lead with it names the client.
    const converted = (await admin.post(`/api/crm/leads/${first.body.id}/convert`, {})).body;
    const again = await admin.post('/api/crm/catalogs/leads', { name: 'Новый лид', inn });
    expect(again.status).toBe(409);
    expect(again.body.existing).toMatchObject({ catalog: 'trade.counterparties', id: converted.counterparty, name: 'ООО «Вектор»' });
    // A contact person with an e-mail another contact has (any case).
    const contact = await admin.post('/api/crm/catalogs/contacts', { name: 'Пётр', counterparty: converted.counterparty, email: 'petr@vector.ru' });
    expect(contact.status).toBe(201);
    const twin = await admin.post('/api/crm/catalogs/contacts', { name: 'Пётр Иванович', counterparty: converted.counterparty, email: 'PETR@vector.ru' });
    expect(twin.status).toBe(409);
    expect(twin.body.detail).toBe('Дубль: контактное лицо «Пётр» уже есть с таким e-mail. Откройте его вместо создания нового.');
  });

  test('a manager whose role says so sees and changes only their own deals (conditions in SQL)', async () => {
    const role = await admin.post('/api/admin/roles', {
      name: 'Менеджер: свои сделки',
      rules: [
        { action: 'read', subject: 'crm.deals', conditions: { manager: '${user.id}' } },
        { action: 'update', subject: 'crm.deals', conditions: { manager: '${user.id}' } },
        { action: 'read', subject: 'crm.stages' },
        { action: 'read', subject: 'crm.funnels' },
        { action: 'read', subject: 'trade.counterparties' },
        { action: 'read', subject: 'crm.activities' },
        { action: 'read', subject: 'crm.funnel_conversion' },
        { action: 'read', subject: 'crm.deals_by_source' },
        { action: 'read', subject: 'crm.my_tasks_today' },
        { action: 'read', subject: 'crm.stuck_deals' },
      ],
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const people: Record<string, { id: string; api: ReturnType<typeof client> }> = {};
    for (const who of ['olga', 'boris']) {
      const user = await admin.post('/api/admin/users', { email: `${who}@sales-crm.ru`, fullName: who, password: 'Manager-Passw0rd-1', roleIds: [role.body.id] });
      expect(user.status, JSON.stringify(user.body)).toBe(201);
      people[who] = { id: user.body.id, api: client(stack.url, await login(stack.url, `${who}@sales-crm.ru`, 'Manager-Passw0rd-1')) };
    }
    const cp = (await admin.post('/api/trade/catalogs/counterparties', { name: 'АО «Общий клиент»' })).body.id;
    const mk = async (name: string, manager: string) => (await admin.post('/api/crm/catalogs/deals', { name, counterparty: cp, funnel, stage: stage['Новая'], manager })).body.id as string;
    await mk('Ольга 1', people.olga.id);
    await mk('Ольга 2', people.olga.id);
    const boris = await mk('Борис 1', people.boris.id);

    const seen = (await people.olga.api.get('/api/crm/catalogs/deals')).body;
    expect(seen.items.map((d: any) => d.name).sort()).toEqual(['Ольга 1', 'Ольга 2']);
    expect(seen.total).toBe(2);
    expect((await people.olga.api.get(`/api/crm/catalogs/deals/${boris}`)).status).toBe(404);
    expect((await people.olga.api.patch(`/api/crm/catalogs/deals/${boris}`, { amount: 1 })).status).toBe(404);
    expect((await people.boris.api.get('/api/crm/catalogs/deals')).body.items.map((d: any) => d.name)).toEqual(['Борис 1']);
    // The admin sees every deal.
    expect((await admin.get(`/api/crm/catalogs/deals?counterparty=${cp}`)).body.total).toBe(3);

    // Her reports count only her deals too, the manager named, not the id.
    const conversion = (await people.olga.api.get(`/api/crm/reports/funnel_conversion?funnel=${funnel}`)).body.items;
    expect(conversion.map((r: any) => [r.manager, r.stage, r.deals])).toEqual([['olga', 'Новая', 2]]);
    expect((await admin.get(`/api/crm/reports/funnel_conversion?funnel=${funnel}`)).body.items.map((r: any) => r.manager)).toEqual(expect.arrayContaining(['olga', 'boris']));
    const bySource = (await people.olga.api.get('/api/crm/reports/deals_by_source?from=2026-01-01&to=2027-12-31')).body.items;
    expect(bySource).toEqual([{ source: 'Вручную', deals: 2, won: 0, lost: 0, won_amount: 0 }]);
    // A manager is picked by name: the company's people with their ids.
    const managers = (await people.olga.api.get('/api/crm/managers')).body.items;
    expect(managers).toEqual(expect.arrayContaining([{ id: people.olga.id, name: 'olga' }, { id: people.boris.id, name: 'boris' }]));

    // Her home widgets: tasks due today (or overdue) on her deals, not done, not tomorrow's, not Boris's; stuck deals.
    const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10); // Moscow's date
    const tomorrow = new Date(Date.now() + 27 * 3600_000).toISOString().slice(0, 10);
    const olgaDeal = (await people.olga.api.get('/api/crm/catalogs/deals?search=Ольга 1')).body.items[0].id;
    const task = (name: string, deal: string, due: string, done = false) => admin.post('/api/crm/catalogs/activities', { name, kind: 'task', deal, counterparty: cp, due_date: due, done });
    await task('Позвонить: Ольга 1', olgaDeal, today);
    await task('Отправить КП', olgaDeal, '2026-01-05');
    await task('Завтрашнее', olgaDeal, tomorrow);
    await task('Сделано', olgaDeal, today, true);
    await task('Задача Бориса', boris, today);
    const tasks = (await people.olga.api.get('/api/crm/reports/my_tasks_today')).body.items;
    expect(tasks.map((r: any) => [r.task, r.due_date, r.deal])).toEqual([['Отправить КП', '2026-01-05', 'Ольга 1'], ['Позвонить: Ольга 1', today, 'Ольга 1']]);
    const stuck = (await people.olga.api.get('/api/crm/reports/stuck_deals?days=0')).body.items;
    expect(stuck.map((r: any) => [r.deal, r.stage, r.manager, r.days]).sort()).toEqual([['Ольга 1', 'Новая', 'olga', 0], ['Ольга 2', 'Новая', 'olga', 0]]);
    // 14 days by default: deals made just now are not stuck.
    expect((await people.olga.api.get('/api/crm/reports/stuck_deals')).body.items).toEqual([]);
    // The home page offers the module's two widgets to who may read them.
    const home = (await people.olga.api.get('/api/me')).body;
    expect(JSON.stringify(home)).toContain('crm-my-tasks');
  });

  test('merging duplicates: contacts of a client, and clients CRM alone knows — trade\'s clients are refused', async () => {
    const a = (await admin.post('/api/trade/catalogs/counterparties', { name: 'ООО «Альфа»', inn: nextInn() })).body.id;
    const b = (await admin.post('/api/trade/catalogs/counterparties', { name: 'Альфа ООО', inn: nextInn() })).body.id;
    const keep = (await admin.post('/api/crm/catalogs/contacts', { name: 'Мария Ким', counterparty: b, email: 'maria@alfa.ru' })).body.id;
    const dup = (await admin.post('/api/crm/catalogs/contacts', { name: 'М. Ким', counterparty: b, phone: '+7 921 000-12-34' })).body.id;
    const deal = (await admin.post('/api/crm/catalogs/deals', { name: 'Альфа: поставка', counterparty: b, contact: dup, funnel, stage: stage['Новая'] })).body.id;
    await admin.post('/api/crm/catalogs/activities', { name: 'Встреча в офисе', kind: 'meeting', counterparty: b, deal });

    expect((await admin.post('/api/crm/merge/contacts', { keep, remove: keep })).status).toBe(422);
    const merged = await admin.post('/api/crm/merge/contacts', { keep, remove: dup });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.moved).toEqual({ deals: 1 });
    expect((await admin.get(`/api/crm/catalogs/deals/${deal}`)).body.contact).toBe(keep);
    // The kept contact takes the phone it lacked; the duplicate is marked deleted.
    expect((await admin.get(`/api/crm/catalogs/contacts/${keep}`)).body).toMatchObject({ email: 'maria@alfa.ru', phone: '+7 921 000-12-34' });
    expect((await admin.get(`/api/crm/catalogs/contacts/${dup}`)).body.deletion_mark).toBe(true);

    // Clients: «Альфа ООО» is only CRM's — its deal, contact and history go to «ООО «Альфа»».
    const clients = await admin.post('/api/crm/merge/counterparties', { keep: a, remove: b });
    expect(clients.status, JSON.stringify(clients.body)).toBe(200);
    expect(clients.body.moved).toEqual({ deals: 1, contacts: 2, activities: 1, leads: 0 });
    expect((await admin.get(`/api/crm/catalogs/deals/${deal}`)).body.counterparty).toBe(a);
    expect((await admin.get(`/api/trade/catalogs/counterparties/${b}`)).body.deletion_mark).toBe(true);
    const audit = (await admin.get('/api/admin/audit-log?action=merge')).body.items;
    expect(audit.map((e: any) => [e.entity, e.entityId ?? e.entity_id])).toEqual(expect.arrayContaining([['crm.contacts', keep], ['trade.counterparties', a]]));

    // A client trade already works with (a contract) is trade's to keep: refused, nothing moved.
    const c = (await admin.post('/api/trade/catalogs/counterparties', { name: 'ООО «Альфа-Торг»', inn: nextInn() })).body.id;
    expect((await admin.post('/api/trade/catalogs/contracts', { name: 'Основной договор', owner_id: c, kind: 'customer' })).status).toBe(201);
    const refused = await admin.post('/api/crm/merge/counterparties', { keep: a, remove: c });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('нельзя объединить');
    expect((await admin.get(`/api/trade/catalogs/counterparties/${c}`)).body.deletion_mark).toBe(false);
  });

  test('«won when» is the funnel\'s setting: a funnel that wins on shipment ignores a payment; deals by source', async () => {
    expect((await admin.get(`/api/crm/catalogs/funnels/${funnel}`)).body.won_when).toBe('paid_or_shipped');
    const f = (await admin.post('/api/crm/catalogs/funnels', { name: 'Тендеры', won_when: 'shipped' })).body.id;
    const open = (await admin.post('/api/crm/catalogs/stages', { name: 'Заявка подана', funnel: f, position: 1, probability: 20 })).body.id;
    expect((await admin.post('/api/crm/catalogs/stages', { name: 'Контракт', funnel: f, position: 2, probability: 100, outcome: 'won' })).status).toBe(201);
    const client = (await admin.post('/api/trade/catalogs/counterparties', { name: 'ГБУ «Тендер»', inn: nextInn() })).body.id;
    const deal = (await admin.post('/api/crm/catalogs/deals', { name: 'Тендер: поставка', counterparty: client, funnel: f, stage: open, amount: 300_000 })).body.id;
    const service = (await admin.post('/api/trade/catalogs/products', { name: 'Поставка по тендеру', kind: 'service', unit_name: 'усл', unit_code: '356' })).body.id;
    await admin.post('/api/crm/catalogs/deal_products', { name: 'Поставка', deal, product: service, quantity: '1', price: 300_000 });
    const order = (await admin.post(`/api/crm/deals/${deal}/order`)).body;
    const paid = await admin.post('/api/trade/documents/money_in?post=true', { kind: 'cash', counterparty: client, contract: order.contract, amount: 300_000, allocation: [{ contract: order.contract, document: order.id, amount: 300_000 }] });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect((await admin.get(`/api/crm/catalogs/deals/${deal}`)).body.stage).toBe(open);

    // Every deal of the company by where it came from (the earlier tests' deals included).
    const bySource = (await admin.get('/api/crm/reports/deals_by_source?from=2026-01-01&to=2027-12-31')).body;
    expect(bySource.items.find((r: any) => r.source === 'Лид')).toEqual({ source: 'Лид', deals: 2, won: 1, lost: 0, won_amount: 100_000_000 });
    expect(bySource.items.find((r: any) => r.source === 'Вручную')).toMatchObject({ lost: 1 });
  });

  test('the web form: a company without CRM has none, and one address may send only a few', async () => {
    expect((await webForm({ name: 'Кто-то', phone: '+7 900 111-11-11' })).status).toBe(202); // within the limit (3 of 5 from this address)
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    const tradeOnly = await onboardTenant(stack, owner, { name: 'ООО «Без CRM»', adminEmail: 'admin@no-crm.ru', modules: ['trade'] });
    for (const company of [tradeOnly.tenantId, '00000000-0000-4000-8000-000000000000', 'не-id']) {
      const res = await fetch(`${stack.url}/api/crm/public/${encodeURIComponent(company)}/leads`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' }, body: JSON.stringify({ name: 'Кто-то', phone: '+7 900 333-33-33' }) });
      expect(res.status).toBe(404);
      expect((await res.json()).detail).toBe('Форма заявки не найдена.');
    }
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await webForm({ name: 'Бот', phone: '+7 900 000-00-00', website: 'x' })).status);
    expect(statuses).toEqual([202, 202, 429]);
    const last = await webForm({ name: 'Иван', phone: '+7 900 222-22-22' });
    expect(last.status).toBe(429);
    expect(last.headers.get('content-type')).toContain('application/problem+json');
    expect((await last.json()).detail).toBe('Слишком много заявок с вашего адреса. Повторите через 10 минут.');
    expect((await webForm({ name: 'Марина', email: 'marina@example.ru' }, '198.51.100.9')).status).toBe(202);
  });
});
