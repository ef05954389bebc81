import type { PrintParty } from '../trade/print/types';
import { TAX_SYSTEMS, type ProviderConfigs, type TaxSystem } from './providers';

/**
 * Billing settings read from the environment once at start. Secrets never live in the repository:
 * production passes them as environment variables (Kubernetes secrets).
 *
 * The platform's own requisites (printed on every Счёт and Акт, and the account bank statements are for):
 *   WORKCLOUD_SELLER_NAME, WORKCLOUD_SELLER_INN, WORKCLOUD_SELLER_KPP, WORKCLOUD_SELLER_ADDRESS,
 *   WORKCLOUD_SELLER_BANK, WORKCLOUD_SELLER_BIK, WORKCLOUD_SELLER_CORR_ACCOUNT, WORKCLOUD_SELLER_ACCOUNT,
 *   WORKCLOUD_SELLER_HEAD (the director who signs), WORKCLOUD_SELLER_ACCOUNTANT.
 *   WORKCLOUD_SELLER_TAX_SYSTEM — the owner's tax system for 54-ФЗ receipts of card/СБП payments:
 *     osn (ОСН, default), usn_income, usn_income_outcome, esn, patent.
 * Payment providers (a provider without its variables is simply not offered):
 *   ЮKassa:  YOOKASSA_SHOP_ID, YOOKASSA_SECRET_KEY, YOOKASSA_API_URL (tests), YOOKASSA_TRUSTED_NETWORKS (tests only, CIDR list)
 *   Т-Банк:  TBANK_TERMINAL_KEY, TBANK_PASSWORD, TBANK_API_URL (tests) — also used for СБП (GetQr)
 *   Сбер:    SBER_USER_NAME, SBER_PASSWORD, SBER_CALLBACK_TOKEN, SBER_API_URL (tests)
 *   ВТБ:     VTB_USER_NAME, VTB_PASSWORD, VTB_CALLBACK_TOKEN, VTB_API_URL (tests, or ВТБ's test gateway https://vtb.rbsuat.com/payment/rest)
 * Other:
 *   BILLING_RETURN_URL — where the payer comes back after paying (default: WEB_BASE_URL + /m/admin/billing, the admin's billing page; WEB_BASE_URL defaults to http://localhost:8080)
 *   BILLING_CYCLE_MINUTES — how often main.ts runs the billing cycle (default 60; 0 turns the timer off)
 * The webhook sender's address is Fastify's req.ip under the platform's TRUST_PROXY (backend/src/config.ts).
 */
export interface BillingConfig {
  seller: PrintParty & { head?: string; accountant?: string };
  /** The owner's tax system (система налогообложения), printed on every 54-ФЗ receipt. */
  taxSystem: TaxSystem;
  providers: Partial<ProviderConfigs>;
  returnUrl: string;
  cycleMinutes: number;
  /** Per-client test clocks (the owner runs a client's billing as of a chosen date): never with NODE_ENV=production. */
  testClocks: boolean;
}

export const BILLING_CONFIG = Symbol('BILLING_CONFIG');

export function loadBillingConfig(env: NodeJS.ProcessEnv = process.env): BillingConfig {
  const providers: Partial<ProviderConfigs> = {};
  if (env.YOOKASSA_SHOP_ID && env.YOOKASSA_SECRET_KEY) {
    providers.yookassa = {
      shopId: env.YOOKASSA_SHOP_ID,
      secretKey: env.YOOKASSA_SECRET_KEY,
      baseUrl: env.YOOKASSA_API_URL || undefined,
      trustedNetworks: env.YOOKASSA_TRUSTED_NETWORKS ? env.YOOKASSA_TRUSTED_NETWORKS.split(',').map((s) => s.trim()) : undefined,
    };
  }
  if (env.TBANK_TERMINAL_KEY && env.TBANK_PASSWORD) {
    providers.tbank = { terminalKey: env.TBANK_TERMINAL_KEY, password: env.TBANK_PASSWORD, baseUrl: env.TBANK_API_URL || undefined };
  }
  if (env.SBER_USER_NAME && env.SBER_PASSWORD && env.SBER_CALLBACK_TOKEN) {
    providers.sber = { userName: env.SBER_USER_NAME, password: env.SBER_PASSWORD, callbackToken: env.SBER_CALLBACK_TOKEN, baseUrl: env.SBER_API_URL || undefined };
  }
  if (env.VTB_USER_NAME && env.VTB_PASSWORD && env.VTB_CALLBACK_TOKEN) {
    providers.vtb = { userName: env.VTB_USER_NAME, password: env.VTB_PASSWORD, callbackToken: env.VTB_CALLBACK_TOKEN, baseUrl: env.VTB_API_URL || undefined };
  }
  return {
    seller: {
      // The defaults only make local PDFs readable; production sets every variable.
      name: env.WORKCLOUD_SELLER_NAME || 'ООО «ВоркКлауд»',
      inn: env.WORKCLOUD_SELLER_INN || '7707083893',
      kpp: env.WORKCLOUD_SELLER_KPP || '770701001',
      address: env.WORKCLOUD_SELLER_ADDRESS || 'г. Москва',
      bankName: env.WORKCLOUD_SELLER_BANK || 'ПАО СБЕРБАНК, г. Москва',
      bik: env.WORKCLOUD_SELLER_BIK || '044525225',
      corrAccount: env.WORKCLOUD_SELLER_CORR_ACCOUNT || '30101810400000000225',
      account: env.WORKCLOUD_SELLER_ACCOUNT || '40702810938000000001',
      head: env.WORKCLOUD_SELLER_HEAD || undefined,
      accountant: env.WORKCLOUD_SELLER_ACCOUNTANT || undefined,
    },
    taxSystem: taxSystemOf(env.WORKCLOUD_SELLER_TAX_SYSTEM),
    providers,
    returnUrl: env.BILLING_RETURN_URL || `${env.WEB_BASE_URL || 'http://localhost:8080'}/m/admin/billing`,
    cycleMinutes: Number(env.BILLING_CYCLE_MINUTES ?? 60),
    testClocks: env.NODE_ENV !== 'production',
  };
}

/** An unknown value stops the start: a receipt with the wrong tax system is a wrong fiscal document. */
function taxSystemOf(value: string | undefined): TaxSystem {
  if (!value) return 'osn';
  if (!(TAX_SYSTEMS as readonly string[]).includes(value)) {
    throw new Error(`WORKCLOUD_SELLER_TAX_SYSTEM="${value}": ожидается одно из ${TAX_SYSTEMS.join(', ')}`);
  }
  return value as TaxSystem;
}
