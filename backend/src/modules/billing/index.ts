/**
 * Billing: subscriptions to modules, monthly invoices (Счёт) and acts (Акт), online payments through
 * ЮKassa, Т-Банк (and СБП) and Сбербанк, bank transfers from statements, the owner's console and metrics.
 *
 * One service per business action:
 *   subscriptions.service   trial, add/remove a module (proration), cancel, archive
 *   discounts.service       promo codes, a client's discount (promo code or personal), discounted monthly prices
 *   invoicing.service       issue a Счёт for a period, the Акт, PDFs
 *   payments.service        start an online payment, credit money, reactivate, refunds, manual matching
 *   autopay.service         automatic payment of monthly Счета with a saved card, retries, «Отвязать карту»
 *   attention.service       «Требуют внимания»: a note, a refund of the excess, or the excess carried to the next Счёт
 *   webhooks.service        provider notifications: record → verify → apply once
 *   bank-statements.service import a 1CClientBankExchange statement and match payments
 *   billing.service         the cycle: invoices, past_due, reminders, suspension (runCycle(now), or one client's)
 *   clock / test-clock      billing's now; a client's test clock set by the owner (not in production)
 *   notifications           e-mails to the company's admins (Счёт issued, reminder, suspended, resumed) via platform/mail
 *   billing-records.service invoices (with lines and acts), payments, events as the admin and the owner read them
 *   owner-billing.service   the owner's clients with balances, a client's card, refunds, bank notifications
 *   metrics.service         MRR/ARR movements, churn, conversion, ARPU, LTV, DAU/MAU, revenue, NPS — in SQL
 * Environment variables: see config.ts.
 */
import type { Provider, Type } from '@nestjs/common';
import { AdminBillingController, SubscriptionController } from './admin-billing.controller';
import { AttentionService } from './attention.service';
import { AutopayService } from './autopay.service';
import { BankStatementsService } from './bank-statements.service';
import { BillingRecordsService } from './billing-records.service';
import { BillingService } from './billing.service';
import { BillingClock } from './clock';
import { BILLING_CONFIG, loadBillingConfig } from './config';
import { InvoicingService } from './invoicing.service';
import { MetricsService } from './metrics.service';
import { NpsController } from './nps.controller';
import { AdminDiscountController, OwnerDiscountController } from './discounts.controller';
import { DiscountsService } from './discounts.service';
import { BillingNotifications } from './notifications';
import { NpsService } from './nps.service';
import { OwnerBillingController } from './owner-billing.controller';
import { OwnerBillingService } from './owner-billing.service';
import { PaymentProviders } from './payment-providers';
import { PaymentsService } from './payments.service';
import { BillingSettingsService } from './settings.service';
import { SubscriptionsService } from './subscriptions.service';
import { TestClockController } from './test-clock.controller';
import { TrialController } from './trial.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

export const billingControllers: Type[] = [SubscriptionController, AdminBillingController, OwnerBillingController, TestClockController, WebhooksController, NpsController, TrialController, AdminDiscountController, OwnerDiscountController];

export const billingProviders: Provider[] = [
  // Read when the application is built, so tests set the environment before startStack().
  { provide: BILLING_CONFIG, useFactory: () => loadBillingConfig(process.env) },
  BillingClock,
  BillingSettingsService,
  BillingNotifications,
  SubscriptionsService,
  DiscountsService,
  InvoicingService,
  PaymentProviders,
  PaymentsService,
  AttentionService,
  AutopayService,
  WebhooksService,
  BankStatementsService,
  BillingService,
  BillingRecordsService,
  OwnerBillingService,
  MetricsService,
  NpsService,
];

export { BillingService } from './billing.service';
export { BillingClock } from './clock';
export { startBillingScheduler } from './scheduler';
export { prorate } from './proration';
