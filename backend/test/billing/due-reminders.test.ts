import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BillingClock, BillingService } from '../../src/modules/billing';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { onboardMarchClient } from './support';

/**
 * Reminders before a Счёт is due, on the owner's test clock. The client was created on 2 March 2026 with
 * «Торговля и склад» (1 900,00 ₽) and CRM (1 200,00 ₽): its first Счёт, for 16…31 March, is issued on 16 March
 * for 98065 + 61935 = 160000 kopecks (1 600,00 ₽) and due 10 days later, on 26 March. Reminded 3 days before
 * (the default) — 23 March — and on 26 March, once each; the suspension day named is 26 March + 14 days of
 * grace + 1 = 10 April. With the owner's setting changed to 5 days, April's Счёт (issued 1 April, due
 * 11 April) is reminded on 6 April.
 */
let stack: TestStack;
let owner: ReturnType<typeof client>;
let tenantId: string;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'billing_due_reminders' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  ({ id: tenantId, admin } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Срок»', adminEmail: 'admin@due.billing.ru' }));
});
afterAll(() => stack?.close());

const clockTo = async (date: string) => expect((await owner.post(`/api/owner/billing/clients/${tenantId}/test-clock`, { date })).status).toBe(200);
/** The owner's mail log of this client: reminders before the due date, oldest first. */
const dueMails = async () =>
  ((await owner.get(`/api/owner/mail?tenantId=${tenantId}&limit=200`)).body.items as Array<{ id: number; kind: string; subject: string; recipient: string }>).filter((m) => m.kind === 'billing.due_reminder').reverse();

describe('reminders before the due date', () => {
  test('N days before and on the day, each once, however many runs', async () => {
    expect((await owner.get('/api/owner/billing/settings')).body.remindBeforeDays).toBe(3);
    await clockTo('2026-03-16'); // issued, due 26 March
    await clockTo('2026-03-22');
    expect(await dueMails()).toEqual([]);

    await clockTo('2026-03-23');
    await clockTo('2026-03-24');
    let mails = await dueMails();
    const words = (s: string) => s.replace(/\s+/g, ' ').replace(/№ \S+/, '№ …');
    expect(mails.map((m) => [m.recipient, words(m.subject)])).toEqual([['admin@due.billing.ru', 'Счёт № … на 1 600,00 ₽ за WorkCloud — срок оплаты 26.03.2026']]);
    const letter = words((await owner.get(`/api/owner/mail/${mails[0]!.id}`)).body.text);
    expect(letter).toContain('1 600,00 ₽');
    expect(letter).toContain('10.04.2026 работа компании в WorkCloud будет приостановлена');

    // The due date: two runs at once (as two instances would) write one reminder.
    await clockTo('2026-03-26');
    const clock = stack.app.get(BillingClock);
    const now = (await clock.testNow(tenantId))!;
    await Promise.all([stack.app.get(BillingService).runCycle(now, tenantId), stack.app.get(BillingService).runCycle(now, tenantId)]);
    mails = await dueMails();
    expect(mails.map((m) => words(m.subject))).toEqual(['Счёт № … на 1 600,00 ₽ за WorkCloud — срок оплаты 26.03.2026', 'Счёт № … на 1 600,00 ₽ за WorkCloud — срок оплаты сегодня']);
    // The admin's notifications (the billing page) have each reminder once too.
    const notices = (await admin.get('/api/admin/billing/notifications')).body.items as Array<{ kind: string; message: string }>;
    expect(notices.filter((n) => n.kind.startsWith('due_')).map((n) => [n.kind, n.message.replace(/№ \S+/, '№ …').replace(/\s+/g, ' ')])).toEqual([
      ['due_due', 'Срок оплаты счёта № … на 1600,00 ₽ — сегодня, 26.03.2026.'],
      ['due_before', 'Срок оплаты счёта № … на 1600,00 ₽ — 26.03.2026.'],
    ]);
  });

  test('the owner sets how many days before', async () => {
    const bad = await owner.put('/api/owner/billing/settings', { remindBeforeDays: 31 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Дней до срока — от 0 до 30');
    expect((await owner.put('/api/owner/billing/settings', { remindBeforeDays: 5 })).body.remindBeforeDays).toBe(5);
    const before = (await dueMails()).length;
    await clockTo('2026-04-01'); // April's Счёт, due 11 April
    await clockTo('2026-04-05');
    expect(await dueMails()).toHaveLength(before);
    await clockTo('2026-04-06');
    const mails = await dueMails();
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject.replace(/\s+/g, ' ')).toMatch(/на 3 100,00 ₽ за WorkCloud — срок оплаты 11\.04\.2026$/);
    await owner.put('/api/owner/billing/settings', { remindBeforeDays: 3 });
  });
});
