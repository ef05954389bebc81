import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { Database } from '../database/database';
import type { HomeWidget, WorkcloudModule } from './define-module';
import { ENGINE_UI } from './platform-modules';

/**
 * Inserts the catalogue rows of the modules this build has, on first start; never overwrites what the
 * owner changed since (prices, titles, availability). A module's UI version is registered the same way;
 * where its remote lives is the build's to say, so that row is kept as the build declares it.
 */
export async function seedModuleCatalogue(knex: Knex, modules: WorkcloudModule[]): Promise<void> {
  for (const [i, m] of modules.filter((x) => x.kind !== 'platform').entries()) {
    await knex('platform.modules')
      .insert({
        code: m.code,
        title: m.title,
        title_en: m.titleEn,
        description: m.description,
        monthly_price_kopecks: m.monthlyPriceKopecks,
        always_included: m.kind === 'included',
        owner_only: m.kind === 'owner',
        sort_order: (i + 1) * 10,
      })
      .onConflict('code')
      .ignore();
    const ui = m.definition.ui;
    if (!ui) continue;
    const remote = ui.remote === 'engine' ? ENGINE_UI : { remoteName: ui.remote, version: (ui as { version: string }).version, exposedModule: (ui as { exposedModule?: string }).exposedModule };
    const hasCurrent = await knex('platform.module_ui_versions').where({ module_code: m.code, is_current: true }).first('version');
    await knex('platform.module_ui_versions')
      .insert({
        module_code: m.code,
        version: remote.version,
        remote_name: remote.remoteName,
        remote_entry: `/mf/${remote.remoteName}/remoteEntry.js`,
        exposed_module: ('exposedModule' in remote && remote.exposedModule) || './App',
        is_current: !hasCurrent,
      })
      // The build's own version follows the build: a module moved from the engine's pages to a remote of
      // its own (accounting) is served by it on the next start, without the owner re-registering it.
      .onConflict(['module_code', 'version'])
      .merge(['remote_name', 'remote_entry', 'exposed_module']);
  }
}

export interface ModuleUi {
  code: string;
  title: string;
  titleEn: string;
  /** Removed, its data kept: pages open, changes refused. */
  readOnly?: boolean;
  widgets: HomeWidget[];
  remote: { name: string; entry: string; exposedModule: string; version: string } | null;
}

/**
 * What the platform sells, kept in memory after start. A module is sold only when this build has it
 * and it is built (a backend and a UI): catalogue rows of modules not built yet stay, unsold.
 */
@Injectable()
export class ModuleCatalogue {
  private modules = new Map<string, { title: string; alwaysIncluded: boolean; ownerOnly: boolean }>();
  private loadedAt = 0;
  private readonly byCode: Map<string, WorkcloudModule>;

  constructor(
    private readonly db: Database,
    definitions: WorkcloudModule[],
  ) {
    this.byCode = new Map(definitions.map((m) => [m.code, m]));
  }

  /** The module's definition in this build (undefined: only a catalogue row, e.g. a module not built yet). */
  definition(code: string): WorkcloudModule | undefined {
    return this.byCode.get(code);
  }

  /** Every module of this build. */
  definitions(): WorkcloudModule[] {
    return [...this.byCode.values()];
  }

  /** This build has the module with a backend and a UI. */
  isBuilt(code: string): boolean {
    return !!this.byCode.get(code)?.built;
  }

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
    return !!m && !m.alwaysIncluded && !m.ownerOnly && this.isBuilt(code);
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
      // A removed module whose data the company keeps: its pages stay, read-only.
      .leftJoin('platform.tenant_module_schemas as ms', (j) => j.on('ms.module_code', 'm.code').andOnVal('ms.tenant_id', tenantId ?? '00000000-0000-0000-0000-000000000000'))
      .leftJoin('platform.module_ui_versions as v', (j) =>
        j.on('v.module_code', 'm.code').andOn(k.raw('(v.version = tm.ui_version_pin OR (tm.ui_version_pin IS NULL AND v.is_current))')),
      )
      .select('m.code', 'm.title', 'm.title_en', 'v.remote_name', 'v.remote_entry', 'v.exposed_module', 'v.version', k.raw('(tm.module_code IS NULL AND NOT m.always_included) AS "readOnly"'))
      .orderBy('m.sort_order');
    if (tenantId) q.where((w) => w.whereNotNull('tm.module_code').orWhereNotNull('ms.module_code').orWhere('m.always_included', true)).andWhere('m.owner_only', false);
    else q.where('m.owner_only', true);
    const rows = await q;
    return rows.map((r) => ({
      code: r.code,
      title: r.title,
      titleEn: r.title_en,
      ...(r.readOnly ? { readOnly: true } : {}),
      // The home cards the module declares, in order (the UI exports a component under each code).
      widgets: this.byCode.get(r.code)?.definition.widgets ?? [],
      remote: r.remote_entry ? { name: r.remote_name, entry: r.remote_entry, exposedModule: r.exposed_module, version: r.version } : null,
    }));
  }
}
