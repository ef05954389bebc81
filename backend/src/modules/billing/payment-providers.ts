import { Inject, Injectable } from '@nestjs/common';
import { Problem } from '../../platform/http/problem';
import { BILLING_CONFIG, type BillingConfig } from './config';
import { createPaymentProvider, PROVIDER_NAMES, type ProviderCode, type Providers } from './providers';

/** The configured provider adapters, built once from the environment (see config.ts). */
@Injectable()
export class PaymentProviders {
  private readonly built: Partial<Providers> = {};

  constructor(@Inject(BILLING_CONFIG) private readonly config: BillingConfig) {}

  get<C extends ProviderCode>(code: C): Providers[C] {
    const existing = this.built[code];
    if (existing) return existing as Providers[C];
    const config = this.config.providers[code];
    if (!config) throw Problem.unprocessable(`Оплата через ${PROVIDER_NAMES[code]} не настроена на платформе. Выберите другой способ или оплатите счёт переводом по реквизитам.`);
    const adapter = createPaymentProvider(code, config as never) as Providers[C];
    this.built[code] = adapter;
    return adapter;
  }

  available(): ProviderCode[] {
    return (Object.keys(this.config.providers) as ProviderCode[]).filter((c) => this.config.providers[c]);
  }
}
