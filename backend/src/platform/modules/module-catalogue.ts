import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { Database } from '../database/database';

/** A module WorkCloud sells, as first seeded; the owner changes prices and UI versions later. */
export interface ModuleSeed {
  code: string;
  title: string;
  titleEn: string;
  description: string;
  monthlyPriceKopecks: number;
  alwaysIncluded?: boolean;
  ownerOnly?: boolean;
  /** Federated UI: the remote's name and the path of its remoteEntry.js under the web server. */
  ui?: { remoteName: string; version: string };
}

export const moduleSeeds: ModuleSeed[] = [
  { code: 'admin', title: 'Администрирование', titleEn: 'Administration', description: 'Пользователи, роли, подключённые модули', monthlyPriceKopecks: 0, alwaysIncluded: true, ui: { remoteName: 'admin', version: '0.1.0' } },
  { code: 'owner', title: 'Консоль владельца', titleEn: 'Owner console', description: 'Клиенты, подключение, биллинг, метрики', monthlyPriceKopecks: 0, ownerOnly: true, ui: { remoteName: 'owner', version: '0.1.0' } },
  { code: 'trade', title: 'Торговля и склад', titleEn: 'Trade and warehouse', description: 'Закупки, продажи, склад, цены, деньги', monthlyPriceKopecks: 190000, ui: { remoteName: 'trade', version: '0.1.0' } },
  { code: 'accounting', title: 'Бухгалтерия и налоги', titleEn: 'Accounting and tax', description: 'Бухгалтерский и налоговый учёт, зарплата, отчётность', monthlyPriceKopecks: 250000 },
  { code: 'edo', title: 'Электронный документооборот', titleEn: 'E-document exchange', description: 'УПД и счета-фактуры с контрагентами', monthlyPriceKopecks: 90000 },
  { code: 'crm', title: 'CRM', titleEn: 'CRM', description: 'Клиенты, сделки, воронка продаж', monthlyPriceKopecks: 120000 },
  { code: 'projects', title: 'Проекты', titleEn: 'Projects', description: 'Проекты, задачи, трудозатраты', monthlyPriceKopecks: 80000 },
  { code: 'analytics', title: 'Аналитика', titleEn: 'Analytics', description: 'Сводные отчёты и панели', monthlyPriceKopecks: 100000 },
];

/** Inserts the catalogue on first start; never overwrites what the owner changed since. */
export async function seedModuleCatalogue(knex: Knex, seeds: ModuleSeed[] = moduleSeeds): Promise<void> {
  for (const [i, m] of seeds.entries()) {
    await knex('platform.modules')
      .insert({
        code: m.code,
        title: m.title,
        title_en: m.titleEn,
        description: m.description,
        monthly_price_kopecks: m.monthlyPriceKopecks,
        always_included: m.alwaysIncluded ?? false,
        owner_only: m.ownerOnly ?? false,
        sort_order: (i + 1) * 10,
      })
      .onConflict('code')
      .ignore();
    if (m.ui) {
      const hasCurrent = await knex('platform.module_ui_versions').where({ module_code: m.code, is_current: true }).first('version');
      await knex('platform.module_ui_versions')
        .insert({
          module_code: m.code,
          version: m.ui.version,
          remote_name: m.ui.remoteName,
          remote_entry: `/mf/${m.ui.remoteName}/remoteEntry.js`,
          exposed_module: './App',
          is_current: !hasCurrent,
        })
        .onConflict(['module_code', 'version'])
        .ignore();
    }
  }
}

export interface ModuleUi {
  code: string;
  title: string;
  titleEn: string;
  remote: { name: string; entry: string; exposedModule: string; version: string } | null;
}

/** What the platform sells, kept in memory after start (codes and titles never change at run time). */
@Injectable()
export class ModuleCatalogue {
  private modules = new Map<string, { title: string; alwaysIncluded: boolean; ownerOnly: boolean }>();
  private loadedAt = 0;

  constructor(private readonly db: Database) {}

  async load(): Promise<void> {
    const rows = await this.db.knex('platform.modules').select('code', 'title', 'always_included', 'owner_only');
    this.modules = new Map(rows.map((r) => [r.code, { title: r.title, alwaysIncluded: r.always_included, ownerOnly: r.owner_only }]));
    this.loadedAt = Date.now();
  }

  /**
   * Re-reads the catalogue when asked about a code it does not know (a module added since start),
   * at most every few seconds, so unknown codes in URLs cannot turn into a query per request.
   */
  async refreshFor(...codes: string[]): Promise<void> {
    if (codes.every((c) => this.modules.has(c)) || Date.now() - this.loadedAt < 5000) return;
    await this.load();
  }

  title(code: string): string {
    return this.modules.get(code)?.title ?? code;
  }

  exists(code: string): boolean {
    return this.modules.has(code);
  }

  isIncludedForAll(code: string): boolean {
    return this.modules.get(code)?.alwaysIncluded ?? false;
  }

  isSellable(code: string): boolean {
    const m = this.modules.get(code);
    return !!m && !m.alwaysIncluded && !m.ownerOnly;
  }

  /**
   * The module UIs a tenant (or the owner, with tenantId null) gets, with the remote entry of the
   * version pinned for the tenant, else the current one. Read on every /api/me, so a new deployment
   * registered in the catalogue reaches users on their next page load.
   */
  async uisFor(tenantId: string | null): Promise<ModuleUi[]> {
    const k = this.db.knex;
    const q = k('platform.modules as m')
      .leftJoin('platform.tenant_modules as tm', (j) => j.on('tm.module_code', 'm.code').andOnVal('tm.tenant_id', tenantId ?? '00000000-0000-0000-0000-000000000000'))
      .leftJoin('platform.module_ui_versions as v', (j) =>
        j.on('v.module_code', 'm.code').andOn(k.raw('(v.version = tm.ui_version_pin OR (tm.ui_version_pin IS NULL AND v.is_current))')),
      )
      .select('m.code', 'm.title', 'm.title_en', 'v.remote_name', 'v.remote_entry', 'v.exposed_module', 'v.version')
      .orderBy('m.sort_order');
    if (tenantId) q.where((w) => w.whereNotNull('tm.module_code').orWhere('m.always_included', true)).andWhere('m.owner_only', false);
    else q.where('m.owner_only', true);
    const rows = await q;
    return rows.map((r) => ({
      code: r.code,
      title: r.title,
      titleEn: r.title_en,
      remote: r.remote_entry ? { name: r.remote_name, entry: r.remote_entry, exposedModule: r.exposed_module, version: r.version } : null,
    }));
  }
}
