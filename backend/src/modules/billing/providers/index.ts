import type { ProviderCode } from './provider';
import { SberProvider, type SberConfig } from './sber';
import { TBankProvider, type TBankConfig } from './tbank';
import { VtbProvider, type VtbConfig } from './vtb';
import { YooKassaProvider, type YooKassaConfig } from './yookassa';

export * from './provider';
export * from './receipt';
export { GatewayProvider, gatewayChecksum, type GatewayConfig } from './gateway';
export { SberProvider, type SberConfig } from './sber';
export { VtbProvider, type VtbConfig } from './vtb';
export { TBANK_TAXES, TBankProvider, tbankReceipt, type TBankConfig } from './tbank';
export { YOOKASSA_TAX_SYSTEM_CODES, YOOKASSA_VAT_CODES, YooKassaProvider, yookassaReceipt, type YooKassaConfig } from './yookassa';

export interface ProviderConfigs {
  yookassa: YooKassaConfig;
  tbank: TBankConfig;
  sber: SberConfig;
  vtb: VtbConfig;
}

export interface Providers {
  yookassa: YooKassaProvider;
  tbank: TBankProvider;
  sber: SberProvider;
  vtb: VtbProvider;
}

const constructors: { [C in ProviderCode]: (config: ProviderConfigs[C]) => Providers[C] } = {
  yookassa: (config) => new YooKassaProvider(config),
  tbank: (config) => new TBankProvider(config),
  sber: (config) => new SberProvider(config),
  vtb: (config) => new VtbProvider(config),
};

/**
 * The adapter for `code`, with credentials from `config` (loaded by the caller from its secret store;
 * none live in code). The result is typed per provider, so Т-Банк's getSbpQr is reachable.
 */
export function createPaymentProvider<C extends ProviderCode>(code: C, config: ProviderConfigs[C]): Providers[C] {
  return constructors[code](config);
}
