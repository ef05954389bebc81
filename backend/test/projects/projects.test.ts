import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * «Проекты» over HTTP on a real PostgreSQL: tasks with sub-tasks, dependencies, checklists and comments; the timer and
 * typed hours; weekly timesheets filled from them, approved (posted) by the manager, with hours × rate computed by
 * hand; «Выставить счёт по часам» into trade's Счёт на оплату and Реализация (акт) for exactly the approved billable
 * hours not billed yet, never twice; the reports.
 */

let stack: TestStack;
let api: ReturnType<typeof client>;
let adminToken: string;
const ADMIN = 'admin@proekty.ru';
const id: Record<string, string> = {};

async function make(path: string, body: Record<string, unknown>) {
  const res = await api.post(path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body as Record<string, any>;
}

beforeAll(async () => {
  stack = await startStack({ label: 'projects' });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  adminToken = (await onboardTenant(stack, owner, { name: 'ООО «Веб-студия»', adminEmail: ADMIN, modules: ['trade', 'projects'] })).adminToken;
  api = client(stack.url, adminToken);
  id.customer = (await make('/api/trade/catalogs/counterparties', { name: 'ООО «Аполлон»', is_customer: true })).id;
  await make('/api/trade/catalogs/contracts', { name: 'Договор на разработку', owner_id: id.customer, kind: 'customer' });
  await make('/api/trade/catalogs/warehouses', { name: 'Основной склад' });
  id.service = (await make('/api/trade/catalogs/products', { name: 'Разработка сайта', kind: 'service', unit_name: 'ч' })).id;
  const dev = (await make('/api/projects/catalogs/roles', { name: 'Разработчик', cost_rate: 100_000, bill_rate: 250_000 })).id;
  const analyst = (await make('/api/projects/catalogs/roles', { name: 'Аналитик', cost_rate: 80_000, bill_rate: 180_050 })).id;
  // Иванова is the admin (her e-mail): the timer finds her. Петров's own cost of an hour wins over his role's.
  id.ivanova = (await make('/api/projects/catalogs/people', { name: 'Иванова А. А.', email: ADMIN, role: dev })).id;
  id.petrov = (await make('/api/projects/catalogs/people', { name: 'Петров П. П.', role: analyst, cost_rate: 90_000 })).id;
  id.project = (
    await make('/api/projects/catalogs/projects', {
      name: 'Сайт «Аполлон»', customer: id.customer, manager: id.ivanova, start_date: '2026-11-02', end_date: '2026-12-31',
      budget_hours: '40', budget_amount: 5_000_000, service: id.service,
    })
  ).id;
  await make('/api/projects/catalogs/members', { name: 'Иванова', owner_id: id.project, person: id.ivanova, role: dev });
  await make('/api/projects/catalogs/members', { name: 'Петров', owner_id: id.project, person: id.petrov, role: analyst });
}, 180_000);
afterAll(() => stack?.close());

describe('tasks', () => {
  test('a task with a sub-task, a dependency, a checklist and a comment; a task may not wait for itself', async () => {
    const design = await make('/api/projects/catalogs/tasks', { name: 'Макет главной', project: id.project, assignee: id.petrov, due_date: '2026-11-20', priority: 'high' });
    expect(design).toMatchObject({ status: 'todo', priority: 'high' });
    const layout = await make('/api/projects/catalogs/tasks', { name: 'Вёрстка', project: id.project, assignee: id.ivanova, due_date: '2026-11-27', depends_on: design.id });
    const sub = await make('/api/projects/catalogs/tasks', { name: 'Шапка сайта', project: id.project, parent: layout.id, due_date: '2026-12-10' });
    id.design = design.id;
    id.layout = layout.id;
    expect((await api.get(`/api/projects/catalogs/tasks?parent=${layout.id}`)).body.items.map((t: { id: string }) => t.id)).toEqual([sub.id]);
    await make('/api/projects/catalogs/checklist', { name: 'Адаптив 375 px', owner_id: layout.id });
    await make('/api/projects/catalogs/comments', { name: 'Макет согласован', owner_id: layout.id, author: id.ivanova, text: 'Макет согласован с заказчиком' });
    expect((await api.get(`/api/projects/catalogs/checklist?owner_id=${layout.id}`)).body.items).toMatchObject([{ name: 'Адаптив 375 px', done: false }]);

    const self = await api.patch(`/api/projects/catalogs/tasks/${layout.id}`, { depends_on: layout.id });
    expect(self.status).toBe(400);
    expect(self.body.detail).toBe('Задача не может быть своей родительской задачей или ждать саму себя.');
    const backwards = await api.patch(`/api/projects/catalogs/tasks/${layout.id}`, { start_date: '2026-11-28' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.detail).toBe('«Начало» задачи позже её срока — исправьте одну из дат.');
    expect((await api.get(`/api/projects/catalogs/tasks?project=${id.project}`)).body.items.find((t: { id: string }) => t.id === layout.id)).toMatchObject({ depends_on: design.id, due_date: '2026-11-27' });
    // Moved on the board: the status changes.
    const moved = await api.patch(`/api/projects/catalogs/tasks/${layout.id}`, { status: 'in_progress', version: layout.version });
    expect(moved.body.status).toBe('in_progress');
  });

  test('attachments: a file stored for the company and given back; too big, of an unknown type or typed by hand refused', async () => {
    const upload = (name: string, body: Buffer) =>
      fetch(`${stack.url}/api/projects/tasks/${id.layout}/attachments?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' }, body });
    const pdf = Buffer.from('%PDF-1.4\n% ТЗ на вёрстку\n%%EOF\n');
    const res = await upload('ТЗ на вёрстку.pdf', pdf);
    const item = await res.json();
    expect(res.status, JSON.stringify(item)).toBe(201);
    expect(item).toMatchObject({ name: 'ТЗ на вёрстку.pdf', owner_id: id.layout, size: pdf.length, content_type: 'application/pdf' });
    expect((await api.get(`/api/projects/catalogs/attachments?owner_id=${id.layout}`)).body.items.map((a: { id: string }) => a.id)).toEqual([item.id]);
    const file = await fetch(`${stack.url}/api/projects/attachments/${item.id}/file`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('ТЗ на вёрстку.pdf')}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    const big = await upload('макет.png', Buffer.alloc(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
    expect((await big.json()).detail).toBe('Файл «макет.png» — 10.0 МБ, а к задаче можно приложить файл не больше 10 МБ.');
    const exe = await upload('setup.exe', Buffer.from('MZ'));
    expect(exe.status).toBe(415);
    expect((await exe.json()).detail).toMatch(/^Файлы «\.exe» к задаче не прикладываются; можно: pdf, /);
    // Roles other than the admin's may not make an item by hand; one the admin makes points at no file.
    const byHand = await api.post('/api/projects/catalogs/attachments', { name: 'пусто.pdf', owner_id: id.layout, stored: 'x' });
    expect(byHand.status).toBe(201);
    const none = await api.get(`/api/projects/attachments/${byHand.body.id}/file`);
    expect(none.status).toBe(404);
    expect(none.body.detail).toBe('Файл вложения «пусто.pdf» не найден в хранилище.');
    // Deleted, the file is no longer given.
    expect((await api.delete(`/api/projects/catalogs/attachments/${item.id}`)).status).toBeLessThan(300);
    expect((await api.get(`/api/projects/attachments/${item.id}/file`)).status).toBe(404);
  });

  test('the timer: started on a task for the user (by e-mail), one at a time, stopped into hours', async () => {
    const started = await api.post(`/api/projects/tasks/${id.layout}/timer/start`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({ task: id.layout, person: id.ivanova });
    expect(started.body.timer_started).toBeTruthy();
    expect((await api.get('/api/projects/timer')).body.entry).toMatchObject({ id: started.body.id, task: id.layout });
    const twice = await api.post(`/api/projects/tasks/${id.design}/timer/start`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe('У исполнителя уже идёт таймер другой задачи — сначала остановите его.');
    const stopped = await api.post(`/api/projects/tasks/${id.layout}/timer/stop`, {});
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body.timer_started).toBeNull();
    expect(Number(stopped.body.hours)).toBeGreaterThanOrEqual(0.01);
    expect((await api.get('/api/projects/timer')).body.entry).toBeNull();
    // The measured entry is the test's own: out of the week below.
    expect((await api.delete(`/api/projects/catalogs/time_entries/${started.body.id}`)).status).toBeLessThan(300);
  });
});

describe('timesheets, approval and billing', () => {
  test('a week of typed hours fills the timesheet; rates from the role (price) and the person (cost)', async () => {
    for (const [date, hours, task] of [['2026-11-16', '7.5', id.layout], ['2026-11-17', '3.25', id.layout]])
      await make('/api/projects/catalogs/time_entries', { name: 'Вёрстка', task, person: id.ivanova, date, hours });
    const fill = await api.post('/api/projects/timesheets/fill', { person: id.ivanova, week: '2026-11-16' });
    expect(fill.status, JSON.stringify(fill.body)).toBe(200);
    expect(fill.body.lines).toEqual([
      { project: id.project, task: id.layout, day: '2026-11-16', hours: '7.50' },
      { project: id.project, task: id.layout, day: '2026-11-17', hours: '3.25' },
    ]);
    // Approved (posted) by the manager: 7,5 ч × 2 500,00 = 18 750,00 and 3,25 ч × 2 500,00 = 8 125,00 → 26 875,00 to bill;
    // cost 10,75 ч × 1 000,00 = 10 750,00.
    const sheet = await api.post('/api/projects/documents/timesheets?post=true', { date: '2026-11-22', person: id.ivanova, week: '2026-11-16', lines: fill.body.lines });
    expect(sheet.status, JSON.stringify(sheet.body)).toBe(201);
    expect(sheet.body).toMatchObject({ status: 'posted', hours: '10.75', cost: 1_075_000, total: 2_687_500 });
    id.ivanovaSheet = sheet.body.id;
    expect(sheet.body.lines.map((l: any) => [l.bill_rate, l.cost_rate, l.amount])).toEqual([[250_000, 100_000, 1_875_000], [250_000, 100_000, 812_500]]);

    // Петров: 0,75 ч × 1 800,50 = 1 350,375 → 1 350,38 and 2,25 ч × 1 800,50 = 4 051,125 → 4 051,13; his cost 3 ч × 900,00 = 2 700,00. A draft: not approved yet.
    const draft = await api.post('/api/projects/documents/timesheets', {
      date: '2026-11-22', person: id.petrov, week: '2026-11-16',
      lines: [{ project: id.project, task: id.design, day: '2026-11-18', hours: '0.75' }, { project: id.project, task: id.design, day: '2026-11-19', hours: '2.25' }],
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', hours: '3.00', cost: 270_000, total: 540_151 });
    id.petrovSheet = draft.body.id;

    const notMonday = await api.post('/api/projects/documents/timesheets', { person: id.petrov, week: '2026-11-17', lines: [] });
    expect(notMonday.status).toBe(400);
    expect(notMonday.body.detail).toBe('«Неделя с»: 17.11.2026 — не понедельник; укажите понедельник недели.');
    const outside = await api.post('/api/projects/documents/timesheets', { person: id.petrov, week: '2026-11-16', lines: [{ project: id.project, day: '2026-11-23', hours: '1' }] });
    expect(outside.body.detail).toBe('Строка 1: день 23.11.2026 не входит в неделю 16.11.2026–22.11.2026.');
  });

  test('«Выставить счёт по часам»: the approved hours into a Счёт на оплату; after approving Петров, only his into an Акт; never twice', async () => {
    const first = await api.post(`/api/projects/projects/${id.project}/bill`, { date: '2026-11-30' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // Only Иванова's approved 10,75 ч × 2 500,00 = 26 875,00 (Петров's draft is not approved).
    expect(first.body).toMatchObject({ hour_invoice: { hours: '10.75', total: 2_687_500 }, document: { kind: 'invoice', total: 2_687_500 } });
    const invoice = (await api.get(`/api/trade/documents/invoice_for_payment/${first.body.document.id}`)).body;
    expect(invoice).toMatchObject({ status: 'posted', counterparty: id.customer, total: 2_687_500 });
    expect(invoice.goods.map((g: any) => [g.product, g.quantity, g.price, g.total])).toEqual([[id.service, '10.750', 250_000, 2_687_500]]);

    const byHand = await api.post('/api/projects/documents/hour_invoices?post=true', { date: '2026-11-30', project: id.project, lines: [{ timesheet: id.ivanovaSheet, rate: 250_000, hours: '1' }] });
    expect(byHand.body.detail).toBe('«Счёт по часам» создаётся кнопкой «Выставить счёт по часам» вместе с документом торговли.');
    const again = await api.post(`/api/projects/projects/${id.project}/bill`, { date: '2026-11-30' });
    expect(again.status).toBe(422);
    expect(again.body.detail).toBe('По проекту «Сайт «Аполлон»» нет утверждённых часов, которые ещё не выставлены.');

    // Approval is the manager's: Петров (a member of the team, role «Менеджер по продажам») may not post his own week.
    const roles = (await api.get('/api/admin/roles')).body as { id: string; code: string }[];
    const user = await api.post('/api/admin/users', { email: 'petrov@proekty.ru', fullName: 'Пётр Петров', password: 'Team-Passw0rd-7', roleIds: [roles.find((r) => r.code === 'sales_manager')!.id] });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const petrov = client(stack.url, await login(stack.url, 'petrov@proekty.ru', 'Team-Passw0rd-7'));
    expect((await petrov.get(`/api/projects/documents/timesheets/${id.petrovSheet}`)).status).toBe(200);
    expect((await petrov.post(`/api/projects/documents/timesheets/${id.petrovSheet}/post`)).status).toBe(403);
    expect((await api.post(`/api/projects/documents/timesheets/${id.petrovSheet}/post`)).status).toBe(200);
    // Петров's 3 ч at one rate are one line of the act: 3 ч × 1 800,50 = 5 401,50.
    const act = await api.post(`/api/projects/projects/${id.project}/bill`, { kind: 'act', date: '2026-11-30' });
    expect(act.status, JSON.stringify(act.body)).toBe(201);
    expect(act.body).toMatchObject({ hour_invoice: { hours: '3.00', total: 540_150 }, document: { kind: 'act', total: 540_150 } });
    const sale = (await api.get(`/api/trade/documents/sale/${act.body.document.id}`)).body;
    expect(sale).toMatchObject({ status: 'posted', total: 540_150 });
    expect((await api.post(`/api/projects/projects/${id.project}/bill`, { date: '2026-11-30' })).status).toBe(422);
    expect((await api.get('/api/projects/registers/unbilled/balance?date=2026-11-30')).body.items.map((b: { hours: string }) => b.hours)).toEqual(['0.00', '0.00']);
  });

  test('reports: hours by week and person, budget used vs planned, profitability, overdue tasks', async () => {
    const report = async (code: string, qs: string) => {
      const res = await api.get(`/api/projects/reports/${code}?${qs}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const week = await report('hours_by_week', 'from=2026-11-01&to=2026-11-30');
    expect(week.items.map((r: any) => [r.week, r.person_name, r.hours, r.cost, r.amount])).toEqual([
      ['2026-11-16', 'Иванова А. А.', '10.75', 1_075_000, 2_687_500],
      ['2026-11-16', 'Петров П. П.', '3.00', 270_000, 540_151],
    ]);
    // 13,75 of 40 ч = 34,4 %; cost 10 750,00 + 2 700,00 = 13 450,00 of 50 000,00 = 26,9 %.
    const plan = await report('budget', 'date=2026-11-30');
    expect(plan.items).toMatchObject([{ project_name: 'Сайт «Аполлон»', budget_hours: '40.00', hours: '13.75', hours_used: '34.4 %', budget_amount: 5_000_000, cost: 1_345_000, amount_used: '26.9 %' }]);
    // Billed 26 875,00 + 5 401,50 = 32 276,50; minus the cost 13 450,00 = 18 826,50; 18 826,50 / 32 276,50 = 58,3 %.
    const profit = await report('profitability', 'from=2026-11-01&to=2026-11-30');
    expect(profit.items).toMatchObject([{ project_name: 'Сайт «Аполлон»', customer_name: 'ООО «Аполлон»', hours: '13.75', cost: 1_345_000, billed: 3_227_650, profit: 1_882_650, margin: '58.3 %' }]);
    // On 30 November «Макет главной» (due 20.11) is 10 days late, «Вёрстка» (27.11) 3; «Шапка сайта» is due later.
    const overdue = await report('overdue_tasks', 'date=2026-11-30');
    expect(overdue.items.map((r: any) => [r.task_name, r.assignee_name, r.days_overdue])).toEqual([['Макет главной', 'Петров П. П.', 10], ['Вёрстка', 'Иванова А. А.', 3]]);
  });
});

describe('approval by the project manager', () => {
  test('the manager of the project approves his team\'s week; a sales manager who is not the project\'s manager may not; the admin may', async () => {
    const roles = (await api.get('/api/admin/roles')).body as { id: string; code: string }[];
    const sales = roles.find((r) => r.code === 'sales_manager')!.id;
    expect((await api.post('/api/admin/users', { email: 'sidorov@proekty.ru', fullName: 'Сидор Сидоров', password: 'Team-Passw0rd-8', roleIds: [sales] })).status).toBe(201);
    // Сидоров (a user with the sales manager's role, no right to post timesheets) manages «Мобильное приложение».
    const sidorovPerson = (await make('/api/projects/catalogs/people', { name: 'Сидоров С. С.', email: 'Sidorov@proekty.ru' })).id;
    const app = (await make('/api/projects/catalogs/projects', { name: 'Мобильное приложение', customer: id.customer, manager: sidorovPerson, billable: false })).id;
    const screens = (await make('/api/projects/catalogs/tasks', { name: 'Экраны', project: app, assignee: id.petrov })).id;
    const week = (project: string, task: string) => make('/api/projects/documents/timesheets', { date: '2026-12-13', person: id.petrov, week: '2026-12-07', lines: [{ project, task, day: '2026-12-08', hours: '2' }] });
    const ownSheet = (await week(app, screens)).id;
    const otherSheet = (await week(id.project, id.design)).id;
    const sidorov = client(stack.url, await login(stack.url, 'sidorov@proekty.ru', 'Team-Passw0rd-8'));
    const petrov = client(stack.url, await login(stack.url, 'petrov@proekty.ru', 'Team-Passw0rd-7'));

    // Петров is on the team but manages nothing: refused, and the generic posting still needs the right.
    const notManager = await petrov.post(`/api/projects/timesheets/${ownSheet}/approve`, {});
    expect(notManager.status).toBe(403);
    expect(notManager.contentType).toContain('application/problem+json');
    expect(notManager.body.detail).toBe('Утвердить табель может руководитель проекта: вы не руководитель «Мобильное приложение». Попросите руководителя проекта или администратора компании.');
    expect((await sidorov.post(`/api/projects/documents/timesheets/${ownSheet}/post`)).status).toBe(403);
    // Nor may a team member make an attachment item with no file through the generic API.
    expect((await petrov.post('/api/projects/catalogs/attachments', { name: 'пусто.pdf', owner_id: screens })).status).toBe(403);

    const approved = await sidorov.post(`/api/projects/timesheets/${ownSheet}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ id: ownSheet, status: 'posted', hours: '2.00' });
    // Not his project: «Сайт «Аполлон»» is Ивановой's.
    const foreign = await sidorov.post(`/api/projects/timesheets/${otherSheet}/approve`, {});
    expect(foreign.status).toBe(403);
    expect(foreign.body.detail).toContain('«Сайт «Аполлон»»');
    expect((await api.get(`/api/projects/documents/timesheets/${otherSheet}`)).body.status).toBe('draft');
    // The admin has the right to post timesheets: approves any.
    const byAdmin = await api.post(`/api/projects/timesheets/${otherSheet}/approve`, {});
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(200);
    expect(byAdmin.body.status).toBe('posted');
  });
});
