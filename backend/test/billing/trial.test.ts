import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { BillingClock } from '../../src/modules/billing';
import { billingTime, onboardMarchClient } from './support';

/**
 * GET /api/me/trial, what the trial banner shows. The client was created on 2 March 2026 (Moscow), 14 days of
 * trial: the last trial day is 15 March. At 15:30 UTC on 10 March it is 18:30 of the 10th in Moscow — 10…15 March,
 * 6 days left — but 01:30 of the 11th in Vladivostok (UTC+10): a company working there has 5 days left.
 */
let stack: TestStack;
let owner: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'billing_trial' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  ({ admin } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Восток»', adminEmail: 'admin@trial.billing.ru' }));
});
afterAll(() => stack?.close());

describe('the trial as the banner shows it', () => {
  test('days left are counted in the company time zone', async () => {
    stack.app.get(BillingClock).set(new Date('2026-03-10T15:30:00Z'));
    expect((await admin.get('/api/me/trial')).body).toEqual({ trial: { endsOn: '2026-03-15', today: '2026-03-10', daysLeft: 6, monthlyKopecks: 310000, paymentDueDays: 10 } });

    expect((await admin.put('/api/admin/company/time-zone', { timeZone: 'Asia/Vladivostok' })).status).toBe(200);
    expect((await admin.get('/api/me/trial')).body.trial).toMatchObject({ endsOn: '2026-03-15', today: '2026-03-11', daysLeft: 5 });

    // The owner has no company: a Russian problem, not a banner.
    const res = await owner.get('/api/me/trial');
    expect(res.status).toBe(403);
    expect(res.contentType).toContain('application/problem+json');
  });

  test('over once the first Счёт is issued: 0 days left until it is paid', async () => {
    await billingTime(stack).cycle('2026-03-16');
    expect((await admin.get('/api/me/trial')).body.trial).toMatchObject({ endsOn: '2026-03-15', daysLeft: 0 });
  });
});
