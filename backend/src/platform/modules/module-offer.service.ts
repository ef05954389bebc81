import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { BillingClock } from '../../modules/billing/clock';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { ModuleCatalogue } from './module-catalogue';
import { priceOnSql } from './module-prices';

/** The columns every module list shows (over `platform.modules m`), with the price on `day`. */
export function moduleColumns(k: Knex, day: string) {
  return ['m.code', 'm.title', 'm.title_en as titleEn', 'm.description', 'm.always_included as alwaysIncluded', k.raw(`${priceOnSql('m.code')} AS "monthlyPriceKopecks"`, [day])];
}

export interface CompanyModuleRow {
  code: string;
  title: string;
  titleEn: string;
  description: string;
  /** Today's price (kopecks a month, VAT included). */
  monthlyPriceKopecks: number;
  /** The next price change already set by the owner, if any. */
  nextPrice: { validFrom: string; monthlyPriceKopecks: number } | null;
  alwaysIncluded: boolean;
  enabled: boolean;
  enabledAt: string | null;
  /** The company may add it now (false for a module it keeps but that is no longer sold). */
  offered: boolean;
  /** Codes of the modules it needs bought first (e.g. accounting: ['trade']). */
  depends: string[];
}

/**
 * What WorkCloud offers: which modules a company may buy, at which price today. A module is offered when
 * it is sold separately and built (ModuleCatalogue.isSellable: this build has its backend and UI) and the
 * owner has it `available`. Prices come from platform.module_price_on on billing's "today" (BillingClock:
 * tests move it, production reads the clock).
 */
@Injectable()
export class ModuleOffer {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly catalogue: ModuleCatalogue,
  ) {}

  /** Offered to a company that does not have it yet: sold separately, built, and available. */
  isOffered(m: { code: string; available: boolean }): boolean {
    return m.available && this.catalogue.isSellable(m.code);
  }

  /**
   * The company admin's «Модули»: what the company has (always-included ones too, and modules it keeps
   * although they are no longer sold) and what it may add. Never owner-only, unavailable or unbuilt ones.
   */
  async forTenant(tenantId: string): Promise<CompanyModuleRow[]> {
    const k = this.db.knex;
    const today = this.clock.today();
    const rows = await k('platform.modules as m')
      .leftJoin('platform.tenant_modules as tm', (j) => j.on('tm.module_code', 'm.code').andOnVal('tm.tenant_id', tenantId))
      .where('m.owner_only', false)
      .orderBy('m.sort_order')
      .select(
        ...moduleColumns(k, today),
        'm.available',
        'tm.enabled_at as enabledAt',
        k.raw(
          `(SELECT json_build_object('validFrom', to_char(p.valid_from, 'YYYY-MM-DD'), 'monthlyPriceKopecks', p.monthly_price_kopecks)
              FROM platform.module_prices p WHERE p.module_code = m.code AND p.valid_from > ?::date ORDER BY p.valid_from LIMIT 1) AS "nextPrice"`,
          [today],
        ),
      );
    return rows
      .map(({ available, ...r }) => ({
        ...r,
        monthlyPriceKopecks: Number(r.monthlyPriceKopecks),
        nextPrice: r.nextPrice ? { validFrom: r.nextPrice.validFrom, monthlyPriceKopecks: Number(r.nextPrice.monthlyPriceKopecks) } : null,
        enabled: r.alwaysIncluded || !!r.enabledAt,
        offered: this.isOffered({ code: r.code, available }),
        depends: this.catalogue.definition(r.code)?.depends ?? [],
      }))
      .filter((m) => m.enabled || m.offered);
  }

  /** Modules of `codes` that exist and are sold separately but are switched off by the owner (available = false). */
  async unavailable(codes: string[]): Promise<{ code: string; title: string }[]> {
    if (!codes.length) return [];
    return this.db.knex('platform.modules').whereIn('code', codes).where('available', false).select('code', 'title');
  }

  /** Refuses a module the owner no longer sells (companies that have it keep it; this is for adding it). */
  async assertAvailable(code: string): Promise<void> {
    const [off] = await this.unavailable([code]);
    if (off) throw Problem.unprocessable(`Модуль «${off.title}» больше не подключается: владелец платформы снял его с продажи. Компании, у которых он уже есть, продолжают им пользоваться.`);
  }
}
