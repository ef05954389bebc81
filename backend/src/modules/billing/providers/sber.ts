import { gatewayChecksum, GatewayProvider, type GatewayConfig } from './gateway';

export type SberConfig = GatewayConfig;

/** Сбер's callback checksum: the gateway's (gateway.ts). */
export const sberChecksum = gatewayChecksum;

/** Сбербанк internet acquiring: the shared gateway client at Сбер's address with Сбер's credentials. */
export class SberProvider extends GatewayProvider {
  constructor(config: SberConfig) {
    super('sber', config, 'https://securepayments.sberbank.ru/payment/rest');
  }
}
