import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { distributeKopecks, prorateKopecks, sumKopecks } from '@workcloud/shared-core';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { ModuleCatalogue } from '../../platform/modules/module-catalogue';
import { BillingClock } from './clock';
import { ruDate } from './dates';
import { rubles } from './invoicing.service';
import { recordEvent } from './settings.service';

/** What a discount takes off: `percent` of each price, or `amountKopecks` off the month; for `months` Счета (null: for ever), on `modules` (null: all). */
export interface DiscountTerms {
  percent: number | null;
  amountKopecks: number | null;
  months: number | null;
  modules: string[] | null;
}

export interface PromoCodeInput extends DiscountTerms {
  code: string;
  validUntil: string | null;
  maxUses: number | null;
}

/** The discount a Счёт being issued gets, with the words its lines say it in. */
export interface DiscountInForce extends DiscountTerms {
  id: number;
  /** «скидка 20 % по промокоду VESNA20», «персональная скидка 500,00 ₽ в месяц» */
  label: string;
  /** Счета issued with it so far. */
  monthsUsed: number;
  appliedOn: string;
  comment: string;
}

const terms = (row: { percent: number | null; amount_kopecks: string | number | null; months: number | null; modules: string[] | null }): DiscountTerms => ({
  percent: row.percent,
  amountKopecks: row.amount_kopecks === null ? null : Number(row.amount_kopecks),
  months: row.months,
  modules: row.modules,
});

function label(t: DiscountTerms, promoCode: string | null): string {
  const size = t.percent !== null ? `${t.percent} %` : `${rubles(t.amountKopecks!)} ₽ в месяц`;
  return promoCode ? `скидка ${size} по промокоду ${promoCode}` : `персональная скидка ${size}`;
}

/**
 * The monthly prices after a discount, per module (the modules it does not cover keep theirs): a percent off
 * each price, half-up to kopecks; a fixed amount off the month, spread over the covered modules in proportion
 * to their prices (largest remainder, adding up exactly) and never more than they cost.
 * Example: 20 % of 1 900,00 ₽ and 1 200,00 ₽ → 1 520,00 ₽ and 960,00 ₽.
 */
export function discountedPrices(prices: Array<{ code: string; price: number }>, t: DiscountTerms): Map<string, number> {
  const covered = prices.filter((p) => p.price > 0 && (t.modules === null || t.modules.includes(p.code)));
  const off = new Map<string, number>();
  if (t.percent !== null) for (const p of covered) off.set(p.code, prorateKopecks(p.price, t.percent, 100));
  else {
    const amount = Math.min(t.amountKopecks!, sumKopecks(covered.map((p) => p.price)));
    const shares = distributeKopecks(amount, covered.map((p) => p.price));
    covered.forEach((p, i) => off.set(p.code, shares[i]!));
  }
  return new Map(prices.map((p) => [p.code, p.price - (off.get(p.code) ?? 0)]));
}

/**
 * The client's discount in force for its next Счёт, or null: none, or its months used up (a month is a
 * Счёт, not void, with a line at this discount's price — the first, partial Счёт after the trial counts).
 */
export async function discountInForce(trx: Knex, tenantId: string): Promise<DiscountInForce | null> {
  const row = await trx('platform.billing_discounts as d')
    .leftJoin('platform.billing_promo_codes as p', 'p.id', 'd.promo_code_id')
    .where('d.tenant_id', tenantId)
    .whereNull('d.ended_on')
    .first('d.id', 'd.percent', 'd.amount_kopecks', 'd.months', 'd.modules', 'd.applied_on', 'd.comment', 'p.code', trx.raw(`(SELECT count(DISTINCT l.invoice_id) FROM platform.billing_invoice_lines l JOIN platform.billing_invoices i ON i.id = l.invoice_id WHERE l.discount_id = d.id AND i.status <> 'void')::int AS used`));
  if (!row) return null;
  const t = terms(row);
  if (t.months !== null && row.used >= t.months) return null;
  return { id: Number(row.id), ...t, label: label(t, row.code), monthsUsed: row.used, appliedOn: row.applied_on, comment: row.comment };
}

/**
 * Promo codes and discounts. The owner creates promo codes and may give a client a personal discount; a
 * client (at onboarding by the owner, or later by its admin) applies a code. One discount is in force per
 * client; the invoicing takes it off the monthly prices of the Счета it covers (invoicing.service).
 */
@Injectable()
export class DiscountsService {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly catalogue: ModuleCatalogue,
    private readonly audit: AuditService,
  ) {}

  async createPromoCode(input: PromoCodeInput, userId: string) {
    const code = input.code.trim().toUpperCase();
    this.assertModules(input.modules);
    const id = randomUUID();
    const inserted = await this.db.knex('platform.billing_promo_codes')
      .insert({ id, code, percent: input.percent, amount_kopecks: input.amountKopecks, months: input.months, modules: input.modules, valid_until: input.validUntil, max_uses: input.maxUses, created_by: userId })
      .onConflict('code')
      .ignore()
      .returning('id');
    if (!inserted.length) throw Problem.conflict(`Промокод ${code} уже есть: придумайте другой.`);
    await this.audit.record({ tenantId: null, userId, action: 'create', entity: 'PromoCode', entityId: id, after: { ...input, code } });
    return (await this.promoCodes()).find((p) => p.id === id)!;
  }

  async promoCodes() {
    const rows = await this.db.knex('platform.billing_promo_codes as p')
      .orderBy('p.created_at', 'desc')
      .select('p.*', this.db.knex.raw('(SELECT count(*) FROM platform.billing_discounts d WHERE d.promo_code_id = p.id)::int AS uses'));
    return rows.map((r) => ({ id: r.id, code: r.code, ...terms(r), validUntil: r.valid_until, maxUses: r.max_uses, uses: r.uses, createdAt: r.created_at }));
  }

  /** The client applies a promo code: refused (in Russian) when unknown, expired, used up, or a discount is already in force. */
  async applyPromoCode(tenantId: string, rawCode: string, userId: string) {
    const code = rawCode.trim().toUpperCase();
    const today = await this.clock.todayFor(tenantId);
    await this.db.knex.transaction(async (trx) => {
      // Locked: two clients taking the last use at once get one use each, never both.
      if (!(await trx('platform.tenants').where({ id: tenantId }).first('id'))) throw Problem.notFound('Клиент не найден.');
      const promo = await trx('platform.billing_promo_codes').where({ code }).forUpdate().first();
      if (!promo) throw Problem.notFound(`Промокода ${code} нет. Проверьте, как он написан.`);
      if (promo.valid_until !== null && promo.valid_until < today) throw Problem.unprocessable(`Срок действия промокода ${code} истёк ${ruDate(promo.valid_until)}.`);
      const { uses } = await trx('platform.billing_discounts').where({ promo_code_id: promo.id }).first(trx.raw('count(*)::int AS uses'));
      if (promo.max_uses !== null && uses >= promo.max_uses) throw Problem.unprocessable(`Промокод ${code} уже использован ${promo.max_uses} раз — больше его применить нельзя.`);
      if (await trx('platform.billing_discounts').where({ tenant_id: tenantId, promo_code_id: promo.id }).first('id')) throw Problem.conflict(`Промокод ${code} компания уже применяла.`);
      await this.assertNoDiscount(trx, tenantId, today);
      await this.insert(trx, tenantId, terms(promo), { promoCodeId: promo.id, today, userId, label: label(terms(promo), code) });
    });
    return this.current(tenantId);
  }

  /** The owner's personal discount for a client: it replaces the one in force (from today on). */
  async setPersonal(tenantId: string, t: DiscountTerms, comment: string, userId: string) {
    this.assertModules(t.modules);
    const today = await this.clock.todayFor(tenantId);
    await this.db.knex.transaction(async (trx) => {
      if (!(await trx('platform.tenants').where({ id: tenantId }).first('id'))) throw Problem.notFound('Клиент не найден.');
      await trx('platform.billing_discounts').where({ tenant_id: tenantId }).whereNull('ended_on').update({ ended_on: today });
      await this.insert(trx, tenantId, t, { promoCodeId: null, today, userId, comment, label: label(t, null) });
    });
    return this.current(tenantId);
  }

  /** The owner ends a client's discount: the next Счета are at full price. */
  async end(tenantId: string, userId: string) {
    const today = await this.clock.todayFor(tenantId);
    await this.db.knex.transaction(async (trx) => {
      const ended = await trx('platform.billing_discounts').where({ tenant_id: tenantId }).whereNull('ended_on').update({ ended_on: today }).returning('id');
      if (!ended.length) throw Problem.notFound('У клиента нет действующей скидки.');
      await recordEvent(trx, { tenantId, onDate: today, kind: 'discount_ended', message: 'Скидка отменена: следующие счета — по полной цене' });
      await this.audit.record({ tenantId, userId, action: 'end', entity: 'Discount', entityId: String(ended[0].id) }, trx);
    });
    return this.current(tenantId);
  }

  /** The client's discount as its admin and the owner see it (null: none, or its months are used up). */
  async current(tenantId: string) {
    const d = await discountInForce(this.db.knex, tenantId);
    return { discount: d };
  }

  /** Every client's discount in force (months not used up), newest first, for the owner's list. */
  async inForce() {
    const k = this.db.knex;
    const rows = await k('platform.billing_discounts as d').join('platform.tenants as t', 't.id', 'd.tenant_id').whereNull('d.ended_on').orderBy('d.id', 'desc').select('d.tenant_id', 't.name');
    const items = await Promise.all(rows.map(async (r) => ({ tenantId: r.tenant_id as string, tenantName: r.name as string, discount: await discountInForce(k, r.tenant_id) })));
    return { items: items.flatMap(({ discount, ...client }) => (discount ? [{ ...client, ...discount }] : [])) };
  }

  /** The same for the owner, who may name a client that does not exist. */
  async ofClient(tenantId: string) {
    if (!(await this.db.knex('platform.tenants').where({ id: tenantId }).first('id'))) throw Problem.notFound('Клиент не найден.');
    return this.current(tenantId);
  }

  private async insert(trx: Knex, tenantId: string, t: DiscountTerms, how: { promoCodeId: string | null; today: string; userId: string; comment?: string; label: string }) {
    const [{ id }] = await trx('platform.billing_discounts')
      .insert({ tenant_id: tenantId, promo_code_id: how.promoCodeId, percent: t.percent, amount_kopecks: t.amountKopecks, months: t.months, modules: t.modules, applied_on: how.today, comment: how.comment ?? '', created_by: how.userId })
      .returning('id');
    const span = t.months === null ? 'бессрочно' : `на ${t.months} мес.`;
    await recordEvent(trx, { tenantId, onDate: how.today, kind: 'discount', message: `Применена ${how.label}, ${span}`, details: { discountId: Number(id) } });
    await this.audit.record({ tenantId, userId: how.userId, action: 'apply', entity: 'Discount', entityId: String(id), after: { ...t, promoCodeId: how.promoCodeId } }, trx);
  }

  private async assertNoDiscount(trx: Knex, tenantId: string, today: string) {
    const d = await discountInForce(trx, tenantId);
    if (d) throw Problem.conflict(`У компании уже действует ${d.label}; скидки не суммируются.`);
    // A discount whose months are used up gives way to the new one.
    await trx('platform.billing_discounts').where({ tenant_id: tenantId }).whereNull('ended_on').update({ ended_on: today });
  }

  private assertModules(modules: string[] | null) {
    const unknown = (modules ?? []).filter((m) => !this.catalogue.isSellable(m));
    if (unknown.length) throw Problem.unprocessable(`Таких модулей нет среди продаваемых: ${unknown.join(', ')}. Список — GET /api/owner/modules.`);
  }
}
