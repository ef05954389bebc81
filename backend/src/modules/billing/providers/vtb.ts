import { GatewayProvider, type GatewayConfig } from './gateway';

export type VtbConfig = GatewayConfig;

/**
 * ВТБ internet acquiring: the same gateway as Сбер's (gateway.ts) at ВТБ's address with ВТБ's API login
 * (`…-api`), password and callback token. ВТБ's documentation (sandbox.vtb.ru/integration/api/rest.html)
 * gives PROD https://platezh.vtb24.ru/payment/rest/ and TEST https://vtb.rbsuat.com/payment/rest/
 * (VTB_API_URL), register.do / getOrderStatusExtended.do / refund.do with userName and password, and
 * callbacks with a symmetric (HMAC-SHA256) checksum.
 */
export class VtbProvider extends GatewayProvider {
  constructor(config: VtbConfig) {
    super('vtb', config, 'https://platezh.vtb24.ru/payment/rest');
  }
}
