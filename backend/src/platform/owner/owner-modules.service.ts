import { Injectable } from '@nestjs/common';
import { BillingClock } from '../../modules/billing/clock';
import { ruDate } from '../../modules/billing/dates';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { ModuleCatalogue } from '../modules/module-catalogue';
import { moduleColumns, ModuleOffer } from '../modules/module-offer.service';
import { priceHistory, setModulePrice } from '../modules/module-prices';

/** What the owner may change; `priceFrom` ('YYYY-MM-DD', today when left out, never before) is the first day of `monthlyPriceKopecks`. */
export type ModuleChange = Partial<{ title: string; titleEn: string; description: string; available: boolean; monthlyPriceKopecks: number; priceFrom: string }>;

export interface UiVersionInput {
  version: string;
  remoteEntry: string;
  remoteName?: string;
  exposedModule: string;
  makeCurrent: boolean;
}

/** The owner's module catalogue: titles, descriptions, availability, prices by date, UI versions. */
@Injectable()
export class OwnerModulesService {
  constructor(
    private readonly db: Database,
    private readonly catalogue: ModuleCatalogue,
    private readonly offer: ModuleOffer,
    private readonly audit: AuditService,
    private readonly clock: BillingClock,
  ) {}

  /**
   * Every module with today's price, the price history (newest first), its UI versions and whether it is
   * sold to new clients now (`sellable`: sold separately, `available` and `built` — this build has its
   * backend and UI), and the modules it needs.
   */
  async list() {
    const k = this.db.knex;
    const today = this.clock.today();
    const modules = await k('platform.modules as m')
      .orderBy('m.sort_order')
      .select(...moduleColumns(k, today), 'm.owner_only as ownerOnly', 'm.available');
    const versions = await k('platform.module_ui_versions').orderBy('created_at').select('module_code', 'version', 'remote_entry as remoteEntry', 'remote_name as remoteName', 'exposed_module as exposedModule', 'is_current as isCurrent');
    const history = await priceHistory(k, modules.map((m) => m.code));
    return modules.map((m) => {
      // A module whose price was never changed costs its catalogue price since the beginning.
      const versioned = history.get(m.code) ?? [];
      const prices = versioned.length ? versioned : [{ validFrom: '2000-01-01', monthlyPriceKopecks: Number(m.monthlyPriceKopecks), createdAt: null, createdBy: null }];
      const upcoming = prices.filter((p) => p.validFrom > today);
      return {
        ...m,
        monthlyPriceKopecks: Number(m.monthlyPriceKopecks),
        built: this.catalogue.isBuilt(m.code),
        sellable: this.offer.isOffered(m),
        depends: this.catalogue.definition(m.code)?.depends ?? [],
        nextPrice: upcoming.length ? upcoming[upcoming.length - 1] : null,
        prices,
        uiVersions: versions.filter((v) => v.module_code === m.code).map(({ module_code: _, ...v }) => v),
      };
    });
  }

  async one(code: string) {
    return (await this.list()).find((m) => m.code === code)!;
  }

  /** Changes what the owner may change; a price takes effect from `priceFrom` (today by default), never in the past. */
  async update(userId: string, code: string, change: ModuleChange) {
    await this.known(code);
    if (change.priceFrom !== undefined && change.monthlyPriceKopecks === undefined) {
      const message = 'Укажите новую цену (monthlyPriceKopecks) для даты priceFrom.';
      throw Problem.badRequest(message, { errors: [{ field: 'monthlyPriceKopecks', message }] });
    }
    const today = this.clock.today();
    const priceFrom = change.priceFrom ?? today;
    if (change.monthlyPriceKopecks !== undefined && priceFrom < today) {
      const message = `Цену можно изменить с сегодняшнего дня (${ruDate(today)}) или с будущей даты: прошедшие дни уже оплачены по прежней цене.`;
      throw Problem.badRequest(message, { errors: [{ field: 'priceFrom', message }] });
    }
    await this.db.knex.transaction(async (trx) => {
      const patch: Record<string, unknown> = {};
      if (change.title !== undefined) patch.title = change.title;
      if (change.titleEn !== undefined) patch.title_en = change.titleEn;
      if (change.description !== undefined) patch.description = change.description;
      if (change.available !== undefined) patch.available = change.available;
      const before = await trx('platform.modules').where({ code }).forUpdate().first('title', 'title_en as titleEn', 'description', 'available');
      if (Object.keys(patch).length) await trx('platform.modules').where({ code }).update(patch);
      if (change.monthlyPriceKopecks !== undefined) await setModulePrice(trx, { code, validFrom: priceFrom, monthlyPriceKopecks: change.monthlyPriceKopecks, userId });
      await this.audit.record({ tenantId: null, userId, action: 'update', entity: 'Module', entityId: code, before, after: { ...change, ...(change.monthlyPriceKopecks !== undefined ? { priceFrom } : {}) } }, trx);
    });
    // Titles are kept in memory (messages naming a module): re-read them.
    if (change.title !== undefined || change.titleEn !== undefined) await this.catalogue.load();
    return this.one(code);
  }

  /** Registers a deployed UI version of a module; `makeCurrent` makes it the version everybody gets. */
  async addUiVersion(userId: string, code: string, body: UiVersionInput) {
    await this.known(code);
    await this.db.knex.transaction(async (trx) => {
      const current = await trx('platform.module_ui_versions').where({ module_code: code, is_current: true }).first('remote_name');
      if (body.makeCurrent) await trx('platform.module_ui_versions').where({ module_code: code }).update({ is_current: false });
      await trx('platform.module_ui_versions')
        .insert({ module_code: code, version: body.version, remote_entry: body.remoteEntry, remote_name: body.remoteName ?? current?.remote_name ?? code, exposed_module: body.exposedModule, is_current: body.makeCurrent })
        .onConflict(['module_code', 'version'])
        .merge(['remote_entry', 'remote_name', 'exposed_module', 'is_current']);
      await this.audit.record({ tenantId: null, userId, action: 'ui-version', entity: 'Module', entityId: code, after: body }, trx);
    });
    return this.one(code);
  }

  private async known(code: string): Promise<void> {
    await this.catalogue.refreshFor(code);
    if (!this.catalogue.exists(code)) throw Problem.notFound(`Модуля «${code}» нет в каталоге.`);
  }
}
