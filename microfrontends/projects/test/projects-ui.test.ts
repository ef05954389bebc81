/**
 * «Проекты» in the browser: a task dragged on the board to another column with the mouse and then with the keyboard
 * changes its status; dragged in the calendar to another day it gets that due date. The board and the calendar pass axe
 * (WCAG 2 A/AA) at 1280 px dark and 375 px light; the weekly timesheets open as the engine's generic page inside this
 * UI. Needs the UIs built (shell, projects).
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { checkScreens, closeAll, newPage, openBrowser, signIn, type Browser, type Web } from '../../../shell/test/support/web';

type Page = Awaited<ReturnType<typeof newPage>>;
const ADMIN = { email: 'admin@board-ui.ru', password: 'Admin-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let api: ReturnType<typeof client>;
const id: Record<string, string> = {};
/** Days of the month the browser shows first (its own today). */
const today = new Date();
const day = (d: number) => `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

beforeAll(async () => {
  stack = await startStack({ label: 'ui_projects' });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  api = client(stack.url, (await onboardTenant(stack, owner, { name: 'ООО «Веб-студия»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade', 'projects'] })).adminToken);
  const make = async (path: string, body: Record<string, unknown>) => {
    const res = await api.post(path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const customer = await make('/api/trade/catalogs/counterparties', { name: 'ООО «Аполлон»', is_customer: true });
  const person = await make('/api/projects/catalogs/people', { name: 'Иванова А. А.', email: ADMIN.email });
  const project = await make('/api/projects/catalogs/projects', { name: 'Сайт «Аполлон»', customer });
  id.layout = await make('/api/projects/catalogs/tasks', { name: 'Вёрстка', project, assignee: person, due_date: day(10), priority: 'high' });
  await make('/api/projects/catalogs/tasks', { name: 'Макет главной', project, assignee: person, due_date: day(3), status: 'done' });
  ({ web, browser } = await openBrowser(stack.url));
}, 180_000);
afterAll(() => closeAll(browser, web, stack));

/** Drags with the mouse as a person does: press on the card, move past the 5 px threshold, move over the target, release. */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 80), { steps: 12 });
  await page.mouse.up();
}
const task = async () => (await api.get(`/api/projects/catalogs/tasks/${id.layout}`)).body as { status: string; due_date: string };
const handle = (page: Page) => page.getByRole('button', { name: 'Вёрстка', exact: true });

it('the board: a card dragged with the mouse, then with the keyboard, changes the task’s status', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password, '/m/projects/board');
  const board = page.getByTestId('board');
  // Signed in (before the screens reload the page); what the sign-in page logged is not the board's.
  await board.waitFor({ timeout: 60_000 });
  page.errors.length = 0;
  // The first load of the module's UI may be slow on a busy machine.
  await checkScreens(page, 'projects-board', () => board.getByRole('region', { name: 'К выполнению' }).getByRole('button', { name: 'Вёрстка', exact: true }).waitFor({ timeout: 60_000 }));

  await drag(page, handle(page), page.getByRole('region', { name: 'В работе' }));
  await page.getByRole('region', { name: 'В работе' }).getByRole('button', { name: 'Вёрстка', exact: true }).waitFor();
  await expect.poll(async () => (await task()).status).toBe('in_progress');

  // The keyboard: space picks the card up, → moves it to the next column, space drops it.
  await handle(page).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Вёрстка', exact: true, pressed: true }).waitFor();
  await page.keyboard.press('ArrowRight');
  await page.getByText('Задача «Вёрстка» над: На проверке.').waitFor({ state: 'attached' });
  await page.keyboard.press('Space');
  await page.getByRole('region', { name: 'На проверке' }).getByRole('button', { name: 'Вёрстка', exact: true }).waitFor();
  await expect.poll(async () => (await task()).status).toBe('review');
  expect(page.errors).toEqual([]);
}, 180_000);

it('the calendar: a task dragged to another day gets that due date', async () => {
  const page = await newPage(browser);
  await page.goto(web.url + '/m/projects/calendar');
  const cell = (d: number) => page.getByTestId(`day-${day(d)}`);
  await checkScreens(page, 'projects-calendar', () => cell(10).getByRole('button', { name: 'Вёрстка', exact: true }).waitFor({ timeout: 60_000 }));
  // The 10th to the 17th: one week later, the same weekday.
  await drag(page, cell(10).getByRole('button', { name: 'Вёрстка', exact: true }), cell(17));
  await cell(17).getByRole('button', { name: 'Вёрстка', exact: true }).waitFor();
  await expect.poll(async () => (await task()).due_date).toBe(day(17));

  // The week view: the seven days of the week holding the 17th (moved to by «Следующая неделя»), a task dragged within it.
  await page.getByRole('button', { name: 'Неделя', exact: true }).click();
  const monday = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
  const target = new Date(today.getFullYear(), today.getMonth(), 17);
  for (let i = 0; i < Math.round((monday(target) - monday(today)) / (7 * 86_400_000)); i++) await page.getByRole('button', { name: 'Следующая неделя' }).click();
  await cell(17).getByRole('button', { name: 'Вёрстка', exact: true }).waitFor();
  expect(await page.getByTestId('calendar').locator('[data-testid^="day-"]').count()).toBe(7);
  const next = target.getDay() === 0 ? 16 : 18;
  await drag(page, cell(17).getByRole('button', { name: 'Вёрстка', exact: true }), cell(next));
  await cell(next).getByRole('button', { name: 'Вёрстка', exact: true }).waitFor();
  await expect.poll(async () => (await task()).due_date).toBe(day(next));
  id.due = day(next);

  // The module's documents keep the engine's generic pages inside this UI.
  await page.goto(web.url + '/m/projects/documents/timesheets');
  await page.getByRole('heading', { level: 1, name: /Табел/ }).waitFor({ timeout: 60_000 });
  expect(page.errors).toEqual([]);
}, 180_000);

it('the timeline: bars from start to due date, a task below the one it waits for, with an arrow', async () => {
  const tasks = (await api.get('/api/projects/catalogs/tasks')).body.items as { id: string; name: string; version: number; project: string }[];
  const design = tasks.find((x) => x.name === 'Макет главной')!;
  const layout = tasks.find((x) => x.name === 'Вёрстка')!;
  expect((await api.patch(`/api/projects/catalogs/tasks/${layout.id}`, { depends_on: design.id, version: layout.version })).status).toBe(200);
  // It starts first, but waits for «Вёрстка»: drawn below it.
  const testing = await api.post('/api/projects/catalogs/tasks', { name: 'Тестирование', project: layout.project, start_date: day(1), due_date: day(20), depends_on: layout.id });
  expect(testing.status, JSON.stringify(testing.body)).toBe(201);
  const page = await newPage(browser);
  await page.goto(web.url + '/m/projects/timeline');
  const chart = page.getByTestId('timeline');
  const ru = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('ru-RU', { day: 'numeric', month: 'long', timeZone: 'UTC' });
  await checkScreens(page, 'projects-timeline', () => chart.getByRole('img', { name: `Тестирование: ${ru(day(1))} — ${ru(day(20))}, ждёт «Вёрстка»` }).waitFor({ timeout: 60_000 }));
  expect(await page.getByTestId('timeline-tasks').locator('li').allTextContents()).toEqual(['Макет главной', 'Вёрстка', 'Тестирование']);
  await chart.getByRole('img', { name: `Вёрстка: ${ru(id.due)} — ${ru(id.due)}, ждёт «Макет главной»` }).waitFor();
  // One arrow per dependency; a bar is as long as its days.
  expect(await chart.locator('path[marker-end]').count()).toBe(2);
  const width = async (name: RegExp) => (await chart.getByRole('img', { name }).boundingBox())!.width;
  expect(Math.round((await width(/^Тестирование/)) / (await width(/^Макет главной/)))).toBe(20);
  expect(page.errors).toEqual([]);
}, 180_000);

it('timesheet approval: a draft week approved with «Утвердить»', async () => {
  const tasks = (await api.get('/api/projects/catalogs/tasks')).body.items as { id: string; name: string; project: string; assignee: string }[];
  const layout = tasks.find((x) => x.name === 'Вёрстка')!;
  const week = new Date(Date.UTC(2026, 10, 16)).toISOString().slice(0, 10);
  const sheet = await api.post('/api/projects/documents/timesheets', { date: '2026-11-22', person: layout.assignee, week, lines: [{ project: layout.project, task: layout.id, day: week, hours: '4' }] });
  expect(sheet.status, JSON.stringify(sheet.body)).toBe(201);
  const page = await newPage(browser);
  await page.goto(web.url + '/m/projects/approve');
  await page.getByRole('button', { name: `Утвердить табель ${sheet.body.number}` }).click({ timeout: 60_000 });
  await page.getByText(`Табель ${sheet.body.number} утверждён.`).waitFor();
  expect((await api.get(`/api/projects/documents/timesheets/${sheet.body.id}`)).body.status).toBe('posted');
  await page.getByText('Неутверждённых табелей нет.').waitFor();
  expect(page.errors).toEqual([]);
}, 180_000);

it('attachments: a file attached on the board card is listed; a file of another type is refused with the reason', async () => {
  const page = await newPage(browser);
  await page.goto(web.url + '/m/projects/board');
  await page.getByRole('button', { name: 'Вложения: Вёрстка' }).click({ timeout: 60_000 });
  const dialog = page.getByRole('dialog', { name: 'Вложения: Вёрстка' });
  await dialog.getByText('Файлов пока нет.').waitFor();
  await dialog.locator('input[type=file]').setInputFiles({ name: 'ТЗ.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await dialog.getByRole('button', { name: 'ТЗ.pdf' }).waitFor();
  await dialog.locator('input[type=file]').setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await dialog.getByText(/^Файлы «\.exe» к задаче не прикладываются/).waitFor();
  expect((await api.get(`/api/projects/catalogs/attachments?owner_id=${id.layout}`)).body.items.map((a: { name: string }) => a.name)).toEqual(['ТЗ.pdf']);
  // The refusal itself is the only thing the browser logs.
  expect(page.errors.filter((e) => !e.includes('status of 415'))).toEqual([]);
}, 180_000);
