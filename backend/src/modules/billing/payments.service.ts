import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import type { VatRate } from '../../platform/ru/vat';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { BillingClock } from './clock';
import { BILLING_CONFIG, type BillingConfig } from './config';
import { moscowDate } from './dates';
import { InvoicingService, rubles } from './invoicing.service';
import { BillingNotifications } from './notifications';
import { PaymentProviders } from './payment-providers';
import { saveMethod } from './saved-methods';
import { PROVIDER_NAMES, ProviderError, type PaymentStatus, type ProviderCode, type Receipt, type ReceiptItem, type SavedMethod } from './providers';
import { receiptItems } from './receipts';
import { recordEvent } from './settings.service';

export type PaymentMethod = 'yookassa' | 'tbank' | 'sber' | 'vtb' | 'sbp';

/**
 * Payments: sending the payer to a bank, crediting money to a Счёт (from a webhook, a bank statement
 * or the owner's manual match), bringing the client back to work, and refunds.
 */
@Injectable()
export class PaymentsService {
  private readonly log = new Logger('Billing');

  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly providers: PaymentProviders,
    private readonly invoicing: InvoicingService,
    private readonly tenants: TenantContextService,
    private readonly audit: AuditService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly notifications: BillingNotifications,
  ) {}

  /**
   * Registers an online payment of what is still owed on the Счёт and returns where to send the payer.
   * СБП goes through Т-Банк: the payment is made by Init, then GetQr gives the link to show as a QR code.
   */
  async startOnline(tenantId: string, userId: string, invoiceId: string, method: PaymentMethod, saveCard = false) {
    if (saveCard && method !== 'yookassa' && method !== 'tbank') throw Problem.unprocessable('Сохранить карту для автоплатежа можно при оплате картой через ЮKassa или Т-Банк.');
    const invoice = await this.db.knex('platform.billing_invoices').where({ id: invoiceId, tenant_id: tenantId }).first('id', 'number', 'status', 'total_kopecks', 'paid_kopecks', 'vat_rate', 'buyer');
    if (!invoice) throw Problem.notFound('Счёт не найден.');
    if (invoice.status !== 'open') throw Problem.conflict(`Счёт № ${invoice.number} уже оплачен или аннулирован.`);
    const owed = Number(invoice.total_kopecks) - Number(invoice.paid_kopecks);
    const provider = method === 'sbp' ? 'tbank' : method;
    const adapter = this.providers.get(provider);
    const user = await this.db.knex('platform.users').where({ id: userId }).first('email');
    // The Сбер/ВТБ gateway takes receipts as its own orderBundle, not built: no receipt there.
    const receipt = GATEWAY_BANKS.includes(provider) ? undefined : await this.receiptFor(invoice, owed, user?.email);

    const id = randomUUID();
    // The attempt's key: the ЮKassa Idempotence-Key, or the order number at Т-Банк and Сбер (≤ 32 characters).
    const idempotenceKey = id.replaceAll('-', '');
    await this.db.knex('platform.billing_payments').insert({ id, tenant_id: tenantId, invoice_id: invoiceId, method, provider, idempotence_key: idempotenceKey, status: 'pending', amount_kopecks: owed, save_method: saveCard });
    try {
      const created = await adapter.createPayment(
        // The card is saved at the bank for our client (CustomerKey: the tenant), with the admin's consent (saveCard).
        { orderId: id, amountKopecks: owed, description: `Оплата счёта № ${invoice.number} за WorkCloud`, returnUrl: this.config.returnUrl, customerEmail: user?.email, receipt, ...(saveCard ? { saveMethod: { customerKey: tenantId } } : {}) },
        idempotenceKey,
      );
      let confirmationUrl = created.confirmationUrl;
      if (method === 'sbp') confirmationUrl = await this.providers.get('tbank').getSbpQr(created.providerPaymentId, 'PAYLOAD');
      await this.db.knex('platform.billing_payments').where({ id }).update({ provider_payment_id: created.providerPaymentId, confirmation_url: confirmationUrl });
      // The receipt sent is kept with the audit entry: what the чек says can be shown to the ФНС later.
      await this.audit.record({ tenantId, userId, action: 'pay', entity: 'Invoice', entityId: invoiceId, after: { method, paymentId: id, amountKopecks: owed, ...(receipt ? { receipt } : {}) } });
      return { paymentId: id, method, amountKopecks: owed, confirmationUrl };
    } catch (error) {
      await this.db.knex('platform.billing_payments').where({ id }).update({ status: 'canceled' });
      if (error instanceof ProviderError) {
        this.log.warn(`Платёж по счёту ${invoice.number} не создан: ${error.message}`);
        throw new Problem(502, 'Банк не принял платёж', `${PROVIDER_NAMES[provider]} не создал платёж: ${error.message}. Повторите попытку позже или выберите другой способ оплаты.`);
      }
      throw error;
    }
  }

  /**
   * The 54-ФЗ receipt of a card or СБП payment of `owed` on a Счёт (ЮKassa and Т-Банк send it to their
   * online cash register, which registers the чек with the ФНС and e-mails it to the payer). A bank
   * transfer needs none and never comes here. Items: the Счёт's lines at its VAT rate (receipts.ts);
   * customer: the e-mail of the company admin paying and the buyer organisation of the Счёт;
   * tax system: the owner's (WORKCLOUD_SELLER_TAX_SYSTEM).
   */
  async receiptFor(invoice: { id: string; vat_rate: string; buyer: { name?: string; inn?: string } }, owed: number, email: string | undefined): Promise<Receipt> {
    if (!email) throw Problem.unprocessable('Для кассового чека нужен e-mail плательщика, а у пользователя его нет.');
    const lines = await this.db.knex('platform.billing_invoice_lines').where({ invoice_id: invoice.id }).orderBy('id').select('description', 'amount_kopecks');
    const inn = invoice.buyer?.inn;
    return {
      customerEmail: email,
      customerName: invoice.buyer?.name || undefined,
      customerInn: inn && /^(\d{10}|\d{12})$/.test(inn) ? inn : undefined,
      taxSystem: this.config.taxSystem,
      items: receiptItems(lines.map((l) => ({ description: l.description, amountKopecks: Number(l.amount_kopecks) })), owed, invoice.vat_rate as VatRate),
    };
  }

  /**
   * What the bank says about one of our payments (a verified notification, or the answer to polling),
   * applied inside the caller's transaction. Only pending → succeeded credits money, under a row lock,
   * so a notification and a poll (or two notifications) arriving together credit once.
   *
   * The amount credited is the amount the bank says arrived. When it differs from what was asked for,
   * the payment keeps both (requested_kopecks, amount_kopecks) and is flagged for the owner («Требуют
   * внимания»): less leaves the Счёт open for the rest, more leaves a balance.
   */
  async applyProviderState(trx: Knex, paymentId: string, state: { status: PaymentStatus; amountKopecks: number; providerRefundId?: string; refundedTotalKopecks?: number; savedMethod?: SavedMethod }, at: Date, refundKey?: string): Promise<{ tenantId: string | null; note: string | null }> {
    const payment = await trx('platform.billing_payments').where({ id: paymentId }).forUpdate().first('id', 'status', 'provider', 'amount_kopecks', 'tenant_id', 'save_method');
    // The admin asked to keep the card: the bank says it did (ЮKassa payment_method saved, Т-Банк RebillId).
    if (state.savedMethod && payment.save_method && payment.tenant_id && state.status === 'succeeded') await saveMethod(trx, payment.tenant_id, payment.provider, paymentId, state.savedMethod);
    // A client on a test clock is paid on its own date.
    at = (await this.clock.testNow(payment.tenant_id, trx)) ?? at;
    const today = moscowDate(at);
    if (state.status === 'succeeded' && payment.status === 'pending') {
      return { tenantId: await this.settle(trx, paymentId, Number(payment.amount_kopecks), state.amountKopecks, at), note: null };
    }
    if (state.status === 'canceled' && payment.status === 'pending') {
      await trx('platform.billing_payments').where({ id: paymentId }).update({ status: 'canceled' });
      return { tenantId: null, note: null };
    }
    if (state.status === 'refunded' && refundKey && (payment.status === 'succeeded' || payment.status === 'pending')) {
      // A refund notification that overtook the payment's own (Т-Банк, Сбер): money that went back was
      // taken first, so the payment is settled at the amount asked for before the refund is recorded.
      let tenantId: string | null = null;
      if (payment.status === 'pending') tenantId = await this.settle(trx, paymentId, Number(payment.amount_kopecks), Number(payment.amount_kopecks), at);
      const note = await this.refundFromProvider(trx, paymentId, payment.provider as ProviderCode, state, refundKey, today);
      return { tenantId, note };
    }
    return { tenantId: null, note: `Состояние ${state.status} для платежа в состоянии ${payment.status}: ничего не меняется` };
  }

  /** pending → succeeded with the amount that arrived; a different amount is flagged for the owner. */
  private async settle(trx: Knex, paymentId: string, requested: number, received: number, at: Date): Promise<string | null> {
    const attention = received === requested ? null : received < requested
      ? `Получено ${rubles(received)} ₽ вместо ${rubles(requested)} ₽: недоплата ${rubles(requested - received)} ₽, счёт остаётся открытым на остаток`
      : `Получено ${rubles(received)} ₽ вместо ${rubles(requested)} ₽: переплата ${rubles(received - requested)} ₽ осталась на балансе клиента`;
    await trx('platform.billing_payments').where({ id: paymentId }).update({ status: 'succeeded', requested_kopecks: requested, amount_kopecks: received, attention, paid_at: at, paid_on: moscowDate(at) });
    return this.credit(trx, paymentId, at);
  }

  /**
   * A refund the provider tells us about, recorded once. A total (Т-Банк's refund statuses, Сбер re-read):
   * the refund is the total less what is recorded or already on its way (owner's pending refunds), so a
   * repeated, late or out-of-order notification adds nothing. A single operation (ЮKassa refund, Сбер
   * `refunded` callback with its amount): an owner's refund it reports is not counted again
   * (ownRefundFor); otherwise its amount, at most what is left of the payment.
   */
  private async refundFromProvider(trx: Knex, paymentId: string, provider: ProviderCode, state: { amountKopecks: number; providerRefundId?: string; refundedTotalKopecks?: number }, refundKey: string, today: string): Promise<string | null> {
    const p = await trx('platform.billing_payments').where({ id: paymentId }).first('amount_kopecks', 'refunded_kopecks');
    const pending = Number((await trx('platform.billing_refunds').where({ payment_id: paymentId, status: 'pending' }).sum({ s: 'amount_kopecks' }).first())?.s ?? 0);
    const recorded = Number(p.refunded_kopecks);
    let amount: number;
    if (state.refundedTotalKopecks !== undefined) {
      amount = state.refundedTotalKopecks - recorded - pending;
      if (amount <= 0) return `Возвращено всего ${rubles(state.refundedTotalKopecks)} ₽ — уже учтено`;
    } else {
      const ours = await this.ownRefundFor(trx, paymentId, state, refundKey);
      if (ours) return ours;
      amount = state.amountKopecks;
    }
    const left = Number(p.amount_kopecks) - recorded;
    if (left <= 0) return 'Платёж уже возвращён полностью';
    await this.recordRefund(trx, { paymentId, amountKopecks: Math.min(amount, left), reason: `Возврат через ${PROVIDER_NAMES[provider]}`, onDate: today, providerEventKey: refundKey });
    return amount > left ? `Банк сообщил о возврате ${rubles(amount)} ₽, а оставалось ${rubles(left)} ₽: учтено ${rubles(left)} ₽` : null;
  }

  /**
   * A provider's refund notification about a refund the owner made through us (POST …/refunds) is not a
   * second refund. ЮKassa names the refund: the row with its id is completed if still pending. Сбер does
   * not: an owner's refund of the same amount not yet tied to a notification takes the event key.
   * (Т-Банк states the refunded total, handled by difference in refundFromProvider.)
   */
  private async ownRefundFor(trx: Knex, paymentId: string, state: { amountKopecks: number; providerRefundId?: string }, refundKey: string): Promise<string | null> {
    if (state.providerRefundId) {
      const row = await trx('platform.billing_refunds').where({ payment_id: paymentId, provider_refund_id: state.providerRefundId }).first('id', 'status');
      if (row) {
        if (row.status === 'pending') await this.completeRefund(trx, row.id, state.providerRefundId);
        return 'Возврат уже учтён: он сделан владельцем через WorkCloud';
      }
      return null;
    }
    const row = await trx('platform.billing_refunds')
      .where({ payment_id: paymentId, amount_kopecks: state.amountKopecks })
      .whereIn('status', ['succeeded', 'pending'])
      .whereNull('provider_event_key')
      .whereNotNull('created_by')
      .orderBy('created_at')
      .first('id');
    if (row) {
      await trx('platform.billing_refunds').where({ id: row.id }).update({ provider_event_key: refundKey });
      return 'Возврат уже учтён: он сделан владельцем через WorkCloud';
    }
    return null;
  }

  /**
   * Asks the banks about online payments still pending (the last 30 days): a payment whose notification
   * never came — lost, or refused while we were down — is credited anyway. Run by the billing cycle.
   */
  async reconcilePending(at: Date): Promise<number> {
    const pending = await this.db.knex('platform.billing_payments')
      .where({ status: 'pending' })
      .whereIn('provider', ONLINE_PROVIDERS)
      .whereNotNull('provider_payment_id')
      .where('created_at', '>', this.db.knex.raw(`now() - interval '30 days'`))
      .select('id', 'provider', 'provider_payment_id');
    let settled = 0;
    for (const p of pending) {
      let state;
      try {
        state = await this.providers.get(p.provider as ProviderCode).getPayment(p.provider_payment_id);
      } catch (error) {
        this.log.warn(`Состояние платежа ${p.provider_payment_id} не получено: ${error instanceof Error ? error.message : error}`);
        continue;
      }
      if (state.status === 'pending') continue;
      const { tenantId } = await this.db.knex.transaction((trx) => this.applyProviderState(trx, p.id, state, at));
      if (tenantId) await this.tenants.invalidateTenant(tenantId);
      settled++;
    }
    return settled;
  }

  /**
   * Credits a succeeded payment to its Счёт (inside the caller's transaction). Paid in full → the Счёт
   * is closed and its Акт issued; a client with nothing overdue any more goes back to work.
   * Returns the tenant to invalidate after commit.
   */
  async credit(trx: Knex, paymentId: string, at: Date): Promise<string | null> {
    const payment = await trx('platform.billing_payments').where({ id: paymentId }).first('invoice_id', 'tenant_id', 'amount_kopecks', 'method');
    if (!payment?.invoice_id) return null;
    const today = moscowDate(at);
    const invoice = await trx('platform.billing_invoices').where({ id: payment.invoice_id }).forUpdate().first('id', 'number', 'status', 'total_kopecks', 'paid_kopecks', 'tenant_id');
    const paid = Number(invoice.paid_kopecks) + Number(payment.amount_kopecks);
    const settled = paid >= Number(invoice.total_kopecks);
    await trx('platform.billing_invoices')
      .where({ id: invoice.id })
      .update({ paid_kopecks: paid, ...(settled && invoice.status === 'open' ? { status: 'paid', paid_at: at } : {}) });
    await recordEvent(trx, { tenantId: invoice.tenant_id, onDate: today, kind: 'payment', invoiceId: invoice.id, message: `Получена оплата ${rubles(Number(payment.amount_kopecks))} ₽ по счёту № ${invoice.number} (${payment.method})`, details: { paymentId, amountKopecks: Number(payment.amount_kopecks) } });
    if (settled && invoice.status !== 'void') await this.invoicing.createAct(trx, invoice.id, today);
    // A part of a Счёт changes nothing about the client's status: only a Счёт paid in full does.
    if (settled) await this.reactivateIfSettled(trx, invoice.tenant_id, today, at);
    return invoice.tenant_id;
  }

  /**
   * trial / past_due / suspended → active once no Счёт is overdue. A client that was suspended is billed
   * again from today: the days it could not work are not invoiced. A cancelled client stays cancelled.
   */
  async reactivateIfSettled(trx: Knex, tenantId: string, today: string, at: Date): Promise<void> {
    const row = await trx('platform.tenants as t').join('platform.billing_accounts as a', 'a.tenant_id', 't.id').where('t.id', tenantId).forUpdate('t').first('t.status', 'a.canceled_on', 'a.next_period_start', 'a.first_paid_at');
    if (!row || row.canceled_on) return;
    const paidOnce = await trx('platform.billing_payments').where({ tenant_id: tenantId, status: 'succeeded' }).whereNotNull('invoice_id').first('id');
    if (!row.first_paid_at && paidOnce) await trx('platform.billing_accounts').where({ tenant_id: tenantId }).update({ first_paid_at: at });
    if (!['trial', 'past_due', 'suspended'].includes(row.status)) return;
    const overdue = await trx('platform.billing_invoices').where({ tenant_id: tenantId, status: 'open' }).where('due_on', '<', today).first('id');
    if (overdue) return;
    if (row.status === 'suspended' && row.next_period_start < today) await trx('platform.billing_accounts').where({ tenant_id: tenantId }).update({ next_period_start: today });
    await trx('platform.tenants').where({ id: tenantId }).update({ status: 'active', updated_at: trx.fn.now() });
    const eventId = await recordEvent(trx, { tenantId, onDate: today, kind: 'activated', message: row.status === 'trial' ? 'Первая оплата: клиент перешёл с пробного периода на платный' : 'Оплата получена: работа возобновлена' });
    // A company that was stopped for non-payment hears by e-mail that it works again.
    if (row.status === 'suspended') await this.notifications.resumed(trx, { tenantId, eventId, today });
  }

  /**
   * The owner writes off an unpaid Счёт (a goodwill decision or a mistake to re-bill by hand):
   * it stops counting as owed, in MRR and in revenue; a client blocked only by it works again.
   */
  async voidInvoice(invoiceId: string, reason: string, userId: string) {
    const at = this.clock.now();
    const today = moscowDate(at);
    const tenantId = await this.db.knex.transaction(async (trx) => {
      const invoice = await trx('platform.billing_invoices').where({ id: invoiceId }).forUpdate().first('tenant_id', 'status', 'number', 'paid_kopecks');
      if (!invoice) throw Problem.notFound('Счёт не найден.');
      if (invoice.status !== 'open') throw Problem.conflict(`Счёт № ${invoice.number} уже оплачен или аннулирован.`);
      if (Number(invoice.paid_kopecks) > 0) throw Problem.unprocessable(`По счёту № ${invoice.number} уже есть оплата: сначала оформите возврат.`);
      await trx('platform.billing_invoices').where({ id: invoiceId }).update({ status: 'void' });
      await recordEvent(trx, { tenantId: invoice.tenant_id, onDate: today, kind: 'invoice_void', invoiceId, message: `Счёт № ${invoice.number} аннулирован: ${reason}` });
      await this.audit.record({ tenantId: invoice.tenant_id, userId, action: 'void', entity: 'Invoice', entityId: invoiceId, after: { reason } }, trx);
      await this.reactivateIfSettled(trx, invoice.tenant_id, today, at);
      return invoice.tenant_id as string;
    });
    await this.tenants.invalidateTenant(tenantId);
    return { invoiceId, status: 'void' };
  }

  /** The owner ties a bank transfer nobody could match to a Счёт. */
  async matchManually(paymentId: string, invoiceId: string, userId: string) {
    const at = this.clock.now();
    const tenantId = await this.db.knex.transaction(async (trx) => {
      const payment = await trx('platform.billing_payments').where({ id: paymentId }).forUpdate().first('status', 'invoice_id');
      if (!payment) throw Problem.notFound('Платёж не найден.');
      if (payment.status !== 'succeeded') throw Problem.unprocessable('Сопоставить можно только поступивший платёж.');
      if (payment.invoice_id) throw Problem.conflict('Платёж уже сопоставлен со счётом.');
      const invoice = await trx('platform.billing_invoices').where({ id: invoiceId }).first('tenant_id', 'status', 'number');
      if (!invoice) throw Problem.notFound('Счёт не найден.');
      if (invoice.status !== 'open') throw Problem.conflict(`Счёт № ${invoice.number} уже оплачен или аннулирован.`);
      await trx('platform.billing_payments').where({ id: paymentId }).update({ invoice_id: invoiceId, tenant_id: invoice.tenant_id, matched_by: userId });
      await this.audit.record({ tenantId: invoice.tenant_id, userId, action: 'match', entity: 'Payment', entityId: paymentId, after: { invoiceId } }, trx);
      return this.credit(trx, paymentId, at);
    });
    if (tenantId) await this.tenants.invalidateTenant(tenantId);
    return { paymentId, invoiceId };
  }

  /**
   * Records money returned to a payer (made in the bank's dashboard or by a transfer). A refund does
   * not reopen the Счёт: it returns an overpayment or is a goodwill decision of the owner.
   * `providerEventKey` makes a provider's repeated refund notification count once.
   */
  async recordRefund(trx: Knex, input: { paymentId: string; amountKopecks: number; reason: string; onDate: string; userId?: string | null; providerEventKey?: string }) {
    const payment = await trx('platform.billing_payments').where({ id: input.paymentId }).forUpdate().first('status', 'amount_kopecks', 'refunded_kopecks', 'tenant_id');
    if (!payment) throw Problem.notFound('Платёж не найден.');
    if (payment.status !== 'succeeded') throw Problem.unprocessable('Вернуть можно только поступивший платёж.');
    const left = Number(payment.amount_kopecks) - Number(payment.refunded_kopecks);
    if (input.amountKopecks > left) throw Problem.unprocessable(`Вернуть можно не больше ${rubles(left)} ₽.`);
    const id = randomUUID();
    await trx('platform.billing_refunds').insert({ id, payment_id: input.paymentId, amount_kopecks: input.amountKopecks, refunded_on: input.onDate, reason: input.reason, provider_event_key: input.providerEventKey ?? null, created_by: input.userId ?? null });
    await trx('platform.billing_payments').where({ id: input.paymentId }).update({ refunded_kopecks: Number(payment.refunded_kopecks) + input.amountKopecks });
    if (payment.tenant_id) await recordEvent(trx, { tenantId: payment.tenant_id, onDate: input.onDate, kind: 'refund', message: `Возврат ${rubles(input.amountKopecks)} ₽: ${input.reason}`, details: { paymentId: input.paymentId, refundId: id } });
    return { id, paymentId: input.paymentId, amountKopecks: input.amountKopecks };
  }

  /**
   * The owner refunds (part of) a payment.
   * A bank transfer: the refund is recorded; the money goes back by a payment order the owner makes in the bank.
   * A card or СБП payment (ЮKassa, Т-Банк, Сбер): the provider is asked FIRST. The refund row is written
   * 'pending' (reserving the amount) in one transaction, the provider is called with the refund id as its
   * idempotence key, then the row becomes 'succeeded' (and refunded_kopecks, hence the balance, changes)
   * or 'failed' with the provider's message (→ 502, nothing else changes). ЮKassa and Т-Банк get the 54-ФЗ
   * refund receipt: the payment's receipt items scaled to the refunded amount (receipts.ts, integer kopecks).
   */
  async refundByOwner(paymentId: string, amountKopecks: number, reason: string, userId: string) {
    const payment = await this.db.knex('platform.billing_payments').where({ id: paymentId }).first('provider', 'method', 'provider_payment_id', 'tenant_id', 'invoice_id');
    if (!payment) throw Problem.notFound('Платёж не найден.');
    const onDate = await this.clock.todayFor(payment.tenant_id);
    const provider = payment.provider as string;
    if (!ONLINE_PROVIDERS.includes(provider as ProviderCode) || !payment.provider_payment_id) {
      return this.db.knex.transaction(async (trx) => {
        const refund = await this.recordRefund(trx, { paymentId, amountKopecks, reason, onDate, userId });
        await this.audit.record({ tenantId: null, userId, action: 'refund', entity: 'Payment', entityId: paymentId, after: refund }, trx);
        return { ...refund, status: 'succeeded' as const };
      });
    }

    const code = provider as ProviderCode;
    const adapter = this.providers.get(code);
    const id = randomUUID();
    const receipt = GATEWAY_BANKS.includes(code) ? undefined : await this.refundReceipt(paymentId, payment.invoice_id, amountKopecks);
    await this.db.knex.transaction(async (trx) => {
      const row = await trx('platform.billing_payments').where({ id: paymentId }).forUpdate().first('status', 'amount_kopecks', 'refunded_kopecks');
      if (row.status !== 'succeeded') throw Problem.unprocessable('Вернуть можно только поступивший платёж.');
      const pending = await trx('platform.billing_refunds').where({ payment_id: paymentId, status: 'pending' }).sum({ s: 'amount_kopecks' }).first();
      const left = Number(row.amount_kopecks) - Number(row.refunded_kopecks) - Number(pending?.s ?? 0);
      if (amountKopecks > left) throw Problem.unprocessable(`Вернуть можно не больше ${rubles(Math.max(left, 0))} ₽.`);
      await trx('platform.billing_refunds').insert({ id, payment_id: paymentId, amount_kopecks: amountKopecks, refunded_on: onDate, reason, status: 'pending', created_by: userId, receipt: receipt ? JSON.stringify(receipt) : null });
    });

    let result;
    try {
      // ЮKassa Idempotence-Key / Т-Банк ExternalRequestId: the refund's id, so a retry never refunds twice.
      result = await adapter.refund({ providerPaymentId: payment.provider_payment_id, amountKopecks, description: reason, receipt }, id.replaceAll('-', ''));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db.knex('platform.billing_refunds').where({ id }).update({ status: 'failed', error: message });
      await this.audit.record({ tenantId: payment.tenant_id ?? null, userId, action: 'refund_failed', entity: 'Payment', entityId: paymentId, after: { refundId: id, amountKopecks, error: message } });
      if (error instanceof ProviderError) {
        this.log.warn(`Возврат ${id} по платежу ${paymentId} не выполнен: ${message}`);
        throw new Problem(502, 'Банк не выполнил возврат', `${PROVIDER_NAMES[code]} не выполнил возврат: ${message}. Деньги не возвращены, баланс клиента не изменён.`);
      }
      throw error;
    }

    if (result.status === 'pending') {
      // ЮKassa finishes it later; its refund.succeeded notification completes this row (applyProviderState).
      await this.db.knex('platform.billing_refunds').where({ id }).update({ provider_refund_id: result.providerRefundId });
      await this.audit.record({ tenantId: payment.tenant_id ?? null, userId, action: 'refund', entity: 'Payment', entityId: paymentId, after: { id, amountKopecks, status: 'pending', ...(receipt ? { receipt } : {}) } });
      return { id, paymentId, amountKopecks, status: 'pending' as const, providerRefundId: result.providerRefundId };
    }
    await this.db.knex.transaction(async (trx) => {
      await this.completeRefund(trx, id, result.providerRefundId);
      await this.audit.record({ tenantId: payment.tenant_id ?? null, userId, action: 'refund', entity: 'Payment', entityId: paymentId, after: { id, amountKopecks, status: 'succeeded', providerRefundId: result.providerRefundId, ...(receipt ? { receipt } : {}) } }, trx);
    });
    return { id, paymentId, amountKopecks, status: 'succeeded' as const, providerRefundId: result.providerRefundId };
  }

  /** A pending refund the provider carried out: counted in refunded_kopecks (the balance) and in the client's history. */
  private async completeRefund(trx: Knex, refundId: string, providerRefundId: string | null): Promise<void> {
    const refund = await trx('platform.billing_refunds').where({ id: refundId }).forUpdate().first('payment_id', 'amount_kopecks', 'status', 'reason', 'refunded_on');
    if (!refund || refund.status !== 'pending') return;
    const payment = await trx('platform.billing_payments').where({ id: refund.payment_id }).forUpdate().first('refunded_kopecks', 'tenant_id');
    const amount = Number(refund.amount_kopecks);
    await trx('platform.billing_refunds').where({ id: refundId }).update({ status: 'succeeded', provider_refund_id: providerRefundId });
    await trx('platform.billing_payments').where({ id: refund.payment_id }).update({ refunded_kopecks: Number(payment.refunded_kopecks) + amount });
    if (payment.tenant_id) await recordEvent(trx, { tenantId: payment.tenant_id, onDate: moscowDate(this.clock.now()), kind: 'refund', message: `Возврат ${rubles(amount)} ₽: ${refund.reason}`, details: { paymentId: refund.payment_id, refundId } });
  }

  /**
   * The 54-ФЗ refund receipt: the receipt the payment was made with (kept in its audit entry) with its
   * items scaled to the refunded amount — receiptItems takes the part not refunded off the items in
   * proportion, largest remainder, so the items add up to the refund to the kopeck. The Счёт has one VAT
   * rate, so the items keep the original receipt's rate. A payment whose receipt is not on record
   * (made before receipts were sent) gets its receipt rebuilt from the Счёт for the payment's amount.
   */
  private async refundReceipt(paymentId: string, invoiceId: string | null, amountKopecks: number): Promise<Receipt | undefined> {
    const audit = invoiceId ? await this.db.knex('platform.audit_log').where({ action: 'pay', entity: 'Invoice', entity_id: invoiceId }).whereRaw(`after->>'paymentId' = ?`, [paymentId]).first('after') : undefined;
    let original = audit?.after?.receipt as Receipt | undefined;
    if (!original && invoiceId) {
      const invoice = await this.db.knex('platform.billing_invoices').where({ id: invoiceId }).first('id', 'vat_rate', 'buyer', 'tenant_id');
      const paid = await this.db.knex('platform.billing_payments').where({ id: paymentId }).first('amount_kopecks');
      const admin = await this.db.knex('platform.audit_log').where({ action: 'pay', entity: 'Invoice', entity_id: invoiceId }).whereNotNull('user_id').first('user_id');
      const user = admin ? await this.db.knex('platform.users').where({ id: admin.user_id }).first('email') : undefined;
      if (invoice && user?.email) original = await this.receiptFor(invoice, Number(paid.amount_kopecks), user.email);
    }
    if (!original) return undefined;
    const vatRate = original.items[0]!.vatRate;
    let items: ReceiptItem[];
    try {
      items = receiptItems(original.items.map((i) => ({ description: i.name, amountKopecks: i.amountKopecks })), amountKopecks, vatRate);
    } catch {
      throw Problem.unprocessable(`Сумма возврата больше суммы чека платежа.`);
    }
    return { ...original, items };
  }
}

/** Providers a refund is sent to; a bank transfer is returned by the owner's own payment order. */
const ONLINE_PROVIDERS: readonly ProviderCode[] = ['yookassa', 'tbank', 'sber', 'vtb'];
/** The Сбер/ВТБ gateway (providers/gateway.ts): no 54-ФЗ receipt is sent there. */
const GATEWAY_BANKS: readonly string[] = ['sber', 'vtb'];
