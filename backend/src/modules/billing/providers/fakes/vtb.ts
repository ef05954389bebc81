import { startFakeSber, type FakeSber } from './sber';

export type FakeVtb = FakeSber;

/**
 * A local ВТБ acquiring gateway: ВТБ runs the same gateway software as Сбер (register.do,
 * getOrderStatusExtended.do, refund.do, callbacks with an HMAC-SHA256 checksum — sandbox.vtb.ru's
 * documentation of https://platezh.vtb24.ru/payment/rest/), so its fake is that gateway's fake, started at
 * its own address with ВТБ's API login, password and callback token.
 */
export function startFakeVtb(merchant: { userName: string; password: string; callbackToken: string }): Promise<FakeVtb> {
  return startFakeSber(merchant);
}
