import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { businessDate, DEFAULT_TIME_ZONE } from '@workcloud/shared-core';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { ModuleCatalogue } from '../../platform/modules/module-catalogue';
import { ModuleOffer } from '../../platform/modules/module-offer.service';
import { modulePriceOn, priceOnSql } from '../../platform/modules/module-prices';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { TenantMigrator } from '../../platform/tenancy/tenant-migrator';
import { BillingClock } from './clock';
import { addDays, BILLING_ZONE_SQL, daysInclusive, endOfMonth, ruDate } from './dates';
import { rubles } from './invoicing.service';
import { prorate } from './proration';
import { BillingSettingsService, recordEvent } from './settings.service';

/**
 * Subscriptions: which modules a client pays for, its trial, and cancellation.
 * Adding or removing a module works at once; money for the rest of an already invoiced month
 * becomes a charge (or a credit) on the next Счёт.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly settings: BillingSettingsService,
    private readonly catalogue: ModuleCatalogue,
    private readonly offer: ModuleOffer,
    private readonly tenants: TenantContextService,
    private readonly audit: AuditService,
    private readonly migrator: TenantMigrator,
  ) {}

  /**
   * Gives every tenant that billing has not seen yet its account: the trial starts the day the tenant
   * was created and lasts the owner's trial length from the settings. Idempotent; called by the
   * cycle and by every billing endpoint, so the trial is fixed the first time anyone looks.
   */
  async ensureAccounts(tenantId?: string): Promise<void> {
    await this.db.knex.raw(
      `WITH created AS (
         INSERT INTO platform.billing_accounts (tenant_id, trial_started_on, next_period_start)
         SELECT t.id, (t.created_at AT TIME ZONE ${BILLING_ZONE_SQL})::date, (t.created_at AT TIME ZONE ${BILLING_ZONE_SQL})::date + s.trial_days
           FROM platform.tenants t CROSS JOIN platform.billing_settings s
          WHERE t.status NOT IN ('provisioning', 'archived') ${tenantId ? 'AND t.id = ?' : ''}
            AND NOT EXISTS (SELECT 1 FROM platform.billing_accounts a WHERE a.tenant_id = t.id)
         ON CONFLICT DO NOTHING
         RETURNING tenant_id, trial_started_on, next_period_start)
       UPDATE platform.tenants t SET trial_ends_on = c.next_period_start - 1 FROM created c WHERE t.id = c.tenant_id`,
      tenantId ? [tenantId] : [],
    );
  }

  async overview(tenantId: string) {
    await this.ensureAccounts(tenantId);
    const k = this.db.knex;
    const tenant = await k('platform.tenants as t')
      .join('platform.billing_accounts as a', 'a.tenant_id', 't.id')
      .where('t.id', tenantId)
      .first('t.status', 't.trial_ends_on as trialEndsOn', 'a.next_period_start as nextPeriodStart', 'a.canceled_on as canceledOn', 'a.retain_until as retainUntil');
    const modules = await k('platform.tenant_modules as tm')
      .join('platform.modules as m', 'm.code', 'tm.module_code')
      .where('tm.tenant_id', tenantId)
      .orderBy('m.sort_order')
      .select('m.code', 'm.title', k.raw(`${priceOnSql('m.code')} AS "monthlyPriceKopecks"`, [await this.clock.todayFor(tenantId)]), 'tm.enabled_at as enabledAt');
    const pending = await k('platform.billing_charges').where({ tenant_id: tenantId }).whereNull('invoice_id').orderBy('id').select('module_code as module', 'on_date as onDate', 'amount_kopecks as amountKopecks', 'description');
    const items = modules.map((m) => ({ ...m, monthlyPriceKopecks: Number(m.monthlyPriceKopecks) }));
    return {
      ...tenant,
      modules: items,
      monthlyKopecks: items.reduce((sum, m) => sum + m.monthlyPriceKopecks, 0),
      pendingCharges: pending.map((c) => ({ ...c, amountKopecks: Number(c.amountKopecks) })),
    };
  }

  /**
   * The trial banner's facts, for every member of the company: null once the company is not in trial (paid,
   * cancelled). `daysLeft` counts the days from today to the trial's last day, both included, with today
   * the company's own calendar day (its time zone, on the client's billing clock): at 01:00 in Vladivostok
   * the day has already changed there. 0 once the trial is over and the first Счёт waits to be paid.
   */
  async trial(tenantId: string) {
    await this.ensureAccounts(tenantId);
    const row = await this.db.knex('platform.tenants as t')
      .join('platform.billing_accounts as a', 'a.tenant_id', 't.id')
      .where('t.id', tenantId)
      .first('t.status', 't.trial_ends_on', 't.time_zone', 'a.canceled_on');
    if (!row || row.status !== 'trial' || row.canceled_on) return { trial: null };
    const today = businessDate(await this.clock.nowFor(tenantId), row.time_zone ?? DEFAULT_TIME_ZONE);
    const { monthlyKopecks } = await this.overview(tenantId);
    const { paymentDueDays } = await this.settings.get();
    return {
      trial: { endsOn: row.trial_ends_on as string, today, daysLeft: Math.max(0, daysInclusive(today, row.trial_ends_on)), monthlyKopecks, paymentDueDays },
    };
  }

  async addModule(tenantId: string, userId: string, code: string) {
    if (!this.catalogue.isSellable(code)) throw Problem.notFound(`Модуля «${code}» нет среди продаваемых. Список — GET /api/admin/modules.`);
    await this.offer.assertAvailable(code);
    const tenant = await this.tenants.tenant(tenantId);
    if (!tenant) throw Problem.notFound('Компания не найдена.');
    const missing = this.catalogue.definition(code)!.depends.filter((d) => !tenant.modules.includes(d));
    if (missing.length)
      throw Problem.conflict(`Модуль «${this.catalogue.title(code)}» работает только вместе с ${missing.map((d) => `«${this.catalogue.title(d)}»`).join(', ')} — сначала подключите ${missing.length > 1 ? 'их' : 'его'}.`);
    await this.ensureAccounts(tenantId);
    const today = await this.clock.todayFor(tenantId);
    const charge = await this.db.knex.transaction(async (trx) => {
      const inserted = await trx('platform.tenant_modules').insert({ tenant_id: tenantId, module_code: code }).onConflict(['tenant_id', 'module_code']).ignore().returning('module_code');
      if (!inserted.length) throw Problem.conflict(`Модуль «${this.catalogue.title(code)}» уже подключён.`);
      // Its tables, in the same transaction: the module is usable on the very next request.
      await this.migrator.install(trx, tenantId, tenant.schema, code);
      const charge = await this.adjustment(trx, tenantId, code, today, +1);
      await recordEvent(trx, { tenantId, onDate: today, kind: 'module_added', message: `Подключён модуль «${this.catalogue.title(code)}»`, details: { module: code, chargeKopecks: charge } });
      await this.audit.record({ tenantId, userId, action: 'add-module', entity: 'Subscription', entityId: code, after: { chargeKopecks: charge } }, trx);
      return charge;
    });
    // The module must appear in /api/me and open its API on the very next request.
    await this.tenants.invalidateTenant(tenantId);
    return { module: code, chargeKopecks: charge, subscription: await this.overview(tenantId) };
  }

  async removeModule(tenantId: string, userId: string, code: string) {
    const tenant = await this.tenants.tenant(tenantId);
    const dependants = (tenant?.modules ?? []).filter((m) => this.catalogue.definition(m)?.depends.includes(code));
    if (dependants.length)
      throw Problem.conflict(`Модуль «${this.catalogue.title(code)}» нужен модулям ${dependants.map((d) => `«${this.catalogue.title(d)}»`).join(', ')} — сначала отключите ${dependants.length > 1 ? 'их' : 'его'}.`);
    await this.ensureAccounts(tenantId);
    const today = await this.clock.todayFor(tenantId);
    const credit = await this.db.knex.transaction(async (trx) => {
      const deleted = await trx('platform.tenant_modules').where({ tenant_id: tenantId, module_code: code }).delete();
      if (!deleted) throw Problem.notFound(`Модуль «${this.catalogue.title(code)}» не подключён.`);
      const credit = await this.adjustment(trx, tenantId, code, today, -1);
      await recordEvent(trx, { tenantId, onDate: today, kind: 'module_removed', message: `Отключён модуль «${this.catalogue.title(code)}»`, details: { module: code, chargeKopecks: credit } });
      await this.audit.record({ tenantId, userId, action: 'remove-module', entity: 'Subscription', entityId: code, after: { chargeKopecks: credit } }, trx);
      return credit;
    });
    await this.tenants.invalidateTenant(tenantId);
    return { module: code, chargeKopecks: credit, subscription: await this.overview(tenantId) };
  }

  /**
   * The money for the rest of the month when today is already on an issued Счёт: a charge when a
   * module is added, a credit when one is removed. During the trial, or before this month's Счёт is
   * issued, nothing: the next Счёт simply lists the modules of its day.
   *
   * A charge is at the price of the day of the change. A credit gives back what was charged: it names
   * the invoice line that billed the module for this month (or the charge of an addition not yet
   * invoiced) and is prorated at that line's monthly price — never at today's catalogue price, which the
   * owner may have changed since.
   */
  private async adjustment(trx: Knex, tenantId: string, code: string, today: string, sign: 1 | -1, reason = 'Отключение'): Promise<number> {
    await trx('platform.billing_accounts').where({ tenant_id: tenantId }).forUpdate().first('tenant_id'); // one change at a time
    const invoiced = await trx('platform.billing_invoices').where({ tenant_id: tenantId }).whereNot({ status: 'void' }).where('period_start', '<=', today).where('period_end', '>=', today).first('id');
    if (!invoiced) return 0;
    let price: number;
    let reverses: { reverses_line_id?: number; reverses_charge_id?: number } = {};
    if (sign > 0) {
      // The price of the day the change is for (prices are versioned by date).
      price = (await modulePriceOn(trx, code, today)) ?? 0;
    } else {
      const charged = await this.chargedFor(trx, tenantId, code, today);
      if (!charged) return 0; // nothing was charged for these days: nothing to give back
      price = charged.price;
      reverses = charged.reverses;
    }
    if (price === 0) return 0;
    const { title } = await trx('platform.modules').where({ code }).first('title');
    const { amountKopecks, days, daysInMonth } = prorate(price, today, endOfMonth(today));
    const amount = sign * amountKopecks;
    const what = sign > 0 ? 'Подключение' : `${reason} (возврат за неиспользованные дни)`;
    await trx('platform.billing_charges').insert({
      tenant_id: tenantId,
      module_code: code,
      on_date: today,
      amount_kopecks: amount,
      monthly_price_kopecks: price,
      ...reverses,
      description: `${what}: модуль «${title}» с ${ruDate(today)} по ${ruDate(endOfMonth(today))}, ${days} из ${daysInMonth} дн.`,
    });
    return amount;
  }

  /**
   * What charged the module for `today`: the latest of the month's Счёт line (monthly, or an addition's
   * adjustment line) and an addition's charge made after it (invoiced or not), with the monthly price it
   * was computed at. Null when neither exists, or the last thing that happened was a credit.
   */
  private async chargedFor(trx: Knex, tenantId: string, code: string, today: string): Promise<{ price: number; reverses: { reverses_line_id?: number; reverses_charge_id?: number } } | null> {
    const month = today.slice(0, 7);
    // Charges of this month for the module (additions > 0, credits < 0), newest first.
    const charge = await trx('platform.billing_charges').where({ tenant_id: tenantId, module_code: code }).whereRaw(`to_char(on_date, 'YYYY-MM') = ?`, [month]).where('on_date', '<=', today).orderBy('id', 'desc').first('id', 'amount_kopecks', 'monthly_price_kopecks', 'invoice_id');
    if (charge) {
      if (Number(charge.amount_kopecks) < 0 || charge.monthly_price_kopecks === null) return null;
      const line = charge.invoice_id ? await trx('platform.billing_invoice_lines').where({ charge_id: charge.id }).first('id') : undefined;
      return { price: Number(charge.monthly_price_kopecks), reverses: line ? { reverses_line_id: Number(line.id) } : { reverses_charge_id: Number(charge.id) } };
    }
    const line = await trx('platform.billing_invoice_lines as l')
      .join('platform.billing_invoices as i', 'i.id', 'l.invoice_id')
      .where({ 'i.tenant_id': tenantId, 'l.module_code': code, 'l.kind': 'monthly' })
      .whereNot('i.status', 'void')
      .where('i.period_start', '<=', today)
      .where('i.period_end', '>=', today)
      .orderBy('l.id', 'desc')
      .first('l.id', 'l.monthly_price_kopecks');
    if (!line || line.monthly_price_kopecks === null) return null;
    return { price: Number(line.monthly_price_kopecks), reverses: { reverses_line_id: Number(line.id) } };
  }

  /**
   * The client leaves: work stops at once (read-only, like a suspension), nothing more is invoiced,
   * data is kept for the retention period; after it the owner archives the tenant.
   * The unused part of an invoiced month comes back: each module is credited exactly as if it were removed
   * today (today…end of month, at the price that charged it, half-up per module). No Счёт will follow, so the
   * credits stay on the client's balance (`balanceSql`), from which the owner may refund them.
   */
  async cancel(tenantId: string, userId: string) {
    await this.ensureAccounts(tenantId);
    const today = await this.clock.todayFor(tenantId);
    const { retentionDays } = await this.settings.get();
    const retainUntil = addDays(today, retentionDays);
    const creditKopecks = await this.db.knex.transaction(async (trx) => {
      const account = await trx('platform.billing_accounts').where({ tenant_id: tenantId }).forUpdate().first('canceled_on');
      if (!account) throw Problem.notFound('Клиент не найден.');
      if (account.canceled_on) throw Problem.conflict('Подписка уже отменена.');
      const modules: string[] = await trx('platform.tenant_modules').where({ tenant_id: tenantId }).orderBy('module_code').pluck('module_code');
      let credit = 0;
      for (const code of modules) credit += await this.adjustment(trx, tenantId, code, today, -1, 'Отмена подписки');
      await trx('platform.billing_accounts').where({ tenant_id: tenantId }).update({ canceled_on: today, retain_until: retainUntil });
      await trx('platform.tenants').where({ id: tenantId }).update({ status: 'suspended', updated_at: trx.fn.now() });
      const credited = credit ? `; к возврату за неиспользованные дни ${rubles(-credit)} ₽` : '';
      await recordEvent(trx, { tenantId, onDate: today, kind: 'canceled', message: `Подписка отменена; данные хранятся до ${ruDate(retainUntil)}${credited}`, details: { creditKopecks: -credit } });
      await this.audit.record({ tenantId, userId, action: 'cancel', entity: 'Subscription', after: { retainUntil, creditKopecks: -credit } }, trx);
      return -credit;
    });
    await this.tenants.invalidateTenant(tenantId);
    return { canceledOn: today, retainUntil, creditKopecks };
  }

  /**
   * Owner action after the retention period: the tenant is marked archived (nobody signs in any more)
   * and the day its data is due for export and deletion by the tenant-provisioner is recorded.
   */
  async archive(tenantId: string, userId: string, force: boolean) {
    const today = await this.clock.todayFor(tenantId);
    const result = await this.db.knex.transaction(async (trx) => {
      const account = await trx('platform.billing_accounts').where({ tenant_id: tenantId }).forUpdate().first('canceled_on', 'retain_until', 'archived_on');
      if (!account) throw Problem.notFound('Клиент не найден.');
      if (account.archived_on) throw Problem.conflict('Клиент уже в архиве.');
      if (!account.canceled_on) throw Problem.unprocessable('Клиент не отменял подписку: архивировать можно только отменённую.');
      if (account.retain_until >= today && !force) throw Problem.unprocessable(`Данные клиента хранятся до ${ruDate(account.retain_until)}; архивировать раньше можно только с force: true.`);
      // Export and deletion are the provisioner's (`tenant-provisioner export` then `delete`); due at once.
      await trx('platform.billing_accounts').where({ tenant_id: tenantId }).update({ archived_on: today, deletion_due_on: today });
      await trx('platform.tenants').where({ id: tenantId }).update({ status: 'archived', updated_at: trx.fn.now() });
      await recordEvent(trx, { tenantId, onDate: today, kind: 'archived', message: 'Клиент перенесён в архив; данные подлежат выгрузке и удалению' });
      await this.audit.record({ tenantId, userId, action: 'archive', entity: 'Tenant', entityId: tenantId }, trx);
      return { archivedOn: today, deletionDueOn: today };
    });
    await this.tenants.invalidateTenant(tenantId);
    return result;
  }
}
