import { startFakeSber, type FakeSber } from '../../src/modules/billing/providers/fakes/sber';
import { startFakeTBank, type FakeTBank } from '../../src/modules/billing/providers/fakes/tbank';
import { startFakeVtb, type FakeVtb } from '../../src/modules/billing/providers/fakes/vtb';
import { startFakeYooKassa, type FakeYooKassa } from '../../src/modules/billing/providers/fakes/yookassa';
import { BillingClock, BillingService } from '../../src/modules/billing';
import { client, onboardTenant, type TestStack } from '../support/stack';

export const YOOKASSA = { shopId: 'test-shop-501', secretKey: 'test_yk_secret' };
export const TBANK = { terminalKey: 'WorkCloudTestDEMO', password: 'tbank-test-password' };
export const SBER = { userName: 'workcloud-api', password: 'sber-test-password', callbackToken: 'sber-callback-token' };
export const VTB = { userName: 'workcloud-vtb-api', password: 'vtb-test-password', callbackToken: 'vtb-callback-token' };

export interface Fakes {
  yookassa: FakeYooKassa;
  tbank: FakeTBank;
  sber: FakeSber;
  vtb: FakeVtb;
  close(): Promise<void>;
}

/**
 * Starts the local bank fakes (ЮKassa, Т-Банк, Сбер, ВТБ) and points the billing adapters at them through the same
 * environment variables production uses (read when the app is built: call before startStack).
 * The fakes notify from loopback, so loopback is added to ЮKassa's trusted senders — for tests only.
 * ЮKassa and Т-Банк act as shops with an online cash register (54-ФЗ): a card or СБП payment without
 * a correct receipt is refused, as WorkCloud's production shops do.
 */
export async function startFakeBanks(options: { receiptsRequired?: boolean } = {}): Promise<Fakes> {
  const receiptsRequired = options.receiptsRequired ?? true;
  const yookassa = await startFakeYooKassa(YOOKASSA, { receiptsRequired });
  const tbank = await startFakeTBank(TBANK, { receiptsRequired });
  const sber = await startFakeSber(SBER);
  const vtb = await startFakeVtb(VTB);
  Object.assign(process.env, {
    YOOKASSA_SHOP_ID: YOOKASSA.shopId,
    YOOKASSA_SECRET_KEY: YOOKASSA.secretKey,
    YOOKASSA_API_URL: yookassa.url,
    YOOKASSA_TRUSTED_NETWORKS: '127.0.0.1/32,::1/128',
    TBANK_TERMINAL_KEY: TBANK.terminalKey,
    TBANK_PASSWORD: TBANK.password,
    TBANK_API_URL: tbank.url,
    SBER_USER_NAME: SBER.userName,
    SBER_PASSWORD: SBER.password,
    SBER_CALLBACK_TOKEN: SBER.callbackToken,
    SBER_API_URL: sber.url,
    VTB_USER_NAME: VTB.userName,
    VTB_PASSWORD: VTB.password,
    VTB_CALLBACK_TOKEN: VTB.callbackToken,
    VTB_API_URL: vtb.url,
    WORKCLOUD_SELLER_NAME: 'ООО «ВоркКлауд Тест»',
    WORKCLOUD_SELLER_INN: '7707083893',
    WORKCLOUD_SELLER_KPP: '770701001',
    WORKCLOUD_SELLER_BANK: 'ПАО СБЕРБАНК, г. Москва',
    WORKCLOUD_SELLER_BIK: '044525225',
    WORKCLOUD_SELLER_CORR_ACCOUNT: '30101810400000000225',
    WORKCLOUD_SELLER_ACCOUNT: '40702810938000099999',
  });
  return {
    yookassa,
    tbank,
    sber,
    vtb,
    async close() {
      await Promise.all([yookassa.close(), tbank.close(), sber.close(), vtb.close()]);
    },
  };
}

/** Moves billing's clock (HTTP requests then happen "on" that day) and runs the cycle at that moment. */
export function billingTime(stack: TestStack) {
  const clock = stack.app.get(BillingClock);
  const billing = stack.app.get(BillingService);
  return {
    /** 09:00 Moscow time of the day. */
    setDay(day: string) {
      clock.set(new Date(`${day}T06:00:00Z`));
    },
    async cycle(day: string) {
      clock.set(new Date(`${day}T06:00:00Z`));
      return billing.runCycle(clock.now());
    },
  };
}

/**
 * A client onboarded on 2 March 2026 with «Торговля и склад» (1 900,00 ₽) and «Заметки» (1 200,00 ₽): after 14 days of
 * trial its first Счёт is for 16…31 March. Returns its id and its admin's API client.
 */
export async function onboardMarchClient(stack: TestStack, ownerToken: string, who: { name: string; adminEmail: string }) {
  const t = await onboardTenant(stack, ownerToken, { ...who, modules: ['trade', 'notes'] });
  await stack.db.knex('platform.tenants').where({ id: t.tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
  return { id: t.tenantId, admin: client(stack.url, t.adminToken) };
}
