import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { whereAllowed } from '../access/ability';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import type { CatalogDeclaration, DocumentDeclaration } from '../engine/declarations';
import { ConfigurationRegistry, subjectOf, tableOf } from '../engine/registry';
import { tenantTable } from '../tenancy/tenant-schema';

export interface WorkplaceEntry {
  path: string;
  title: string;
  /** When it was starred, opened or changed. */
  at: string;
  /** The catalog item or document is gone (deleted, marked for deletion, or no longer readable by the role). */
  deleted: boolean;
}

export interface HistoryEntry extends WorkplaceEntry {
  /** `opened`, or what the person did to it, as the audit log says: `created`, `updated`, `posted`… */
  what: string;
}

/** The pages people keep in a company: what the engine's pages of a record are, and how long the history is. */
const RECORD_PATH = /^\/m\/([a-z][a-z0-9_]*)\/(catalogs|documents)\/([a-z][a-z0-9_]*)\/([0-9a-f-]{36})$/;
const VISITS_KEPT = 200;

type Record_ = { decl: CatalogDeclaration | DocumentDeclaration; id: string };

/**
 * «Избранное» and «История» of a person in a company, kept on the server (platform.favorites,
 * platform.page_visits) so they follow the person to any device. A starred or visited catalog item or
 * document is read again through the role's rules each time: one gone or no longer readable is marked.
 */
@Injectable()
export class WorkplaceService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async favorites(ctx: TenantRequestContext): Promise<WorkplaceEntry[]> {
    const rows = await this.db
      .knex('platform.favorites')
      .where({ tenant_id: ctx.tenant.id, user_id: ctx.principal.userId })
      .orderBy('created_at', 'desc')
      .select('path', 'title', 'created_at as at');
    const titles = await this.recordTitles(ctx, rows.map((r) => r.path));
    return rows.filter((r) => this.available(ctx, r.path)).map((r) => ({ path: r.path, title: titles.get(r.path) ?? r.title, at: new Date(r.at).toISOString(), deleted: titles.get(r.path) === null }));
  }

  async star(ctx: TenantRequestContext, path: string, title: string): Promise<WorkplaceEntry> {
    const [row] = await this.db
      .knex('platform.favorites')
      .insert({ tenant_id: ctx.tenant.id, user_id: ctx.principal.userId, path, title })
      .onConflict(['tenant_id', 'user_id', 'path'])
      .merge(['title'])
      .returning(['path', 'title', 'created_at']);
    return { path: row.path, title: row.title, at: new Date(row.created_at).toISOString(), deleted: false };
  }

  async unstar(ctx: TenantRequestContext, path: string): Promise<void> {
    await this.db.knex('platform.favorites').where({ tenant_id: ctx.tenant.id, user_id: ctx.principal.userId, path }).delete();
  }

  /** The shell records each page the person opens: one row per page, the latest visit; the oldest beyond the last 200 are dropped. */
  async visited(ctx: TenantRequestContext, path: string, title: string): Promise<void> {
    const k = this.db.knex;
    const mine = { tenant_id: ctx.tenant.id, user_id: ctx.principal.userId };
    await k.transaction(async (trx) => {
      await trx('platform.page_visits').insert({ ...mine, path, title }).onConflict(['tenant_id', 'user_id', 'path']).merge({ title, visited_at: trx.fn.now() });
      await trx('platform.page_visits')
        .where(mine)
        .whereIn('path', trx('platform.page_visits').where(mine).orderBy('visited_at', 'desc').offset(VISITS_KEPT).select('path'))
        .delete();
    });
  }

  /** What the person opened (recorded by the shell) and changed (the audit log), newest first, one entry per page. */
  async history(ctx: TenantRequestContext, limit: number): Promise<HistoryEntry[]> {
    const k = this.db.knex;
    const mine = { tenant_id: ctx.tenant.id, user_id: ctx.principal.userId };
    const subjects = new Map(this.records().map((d) => [subjectOf(d), d]));
    const [visits, changes] = await Promise.all([
      k('platform.page_visits').where(mine).orderBy('visited_at', 'desc').limit(limit).select('path', 'title', 'visited_at as at'),
      k('platform.audit_log').where(mine).whereIn('entity', [...subjects.keys()]).whereNotNull('entity_id').orderBy('at', 'desc').limit(limit).select('entity', 'entity_id', 'action', 'at'),
    ]);
    const events = [
      ...visits.map((v) => ({ path: v.path as string, title: v.title as string, at: new Date(v.at), what: 'opened' })),
      ...changes.map((c) => {
        const d = subjects.get(c.entity)!;
        return { path: `/m/${d.module}/${d.kind}s/${d.code}/${c.entity_id}`, title: '', at: new Date(c.at), what: c.action as string };
      }),
    ].sort((a, b) => b.at.getTime() - a.at.getTime());
    const seen = new Set<string>();
    const latest = events.filter((e) => !seen.has(e.path) && seen.add(e.path) && this.available(ctx, e.path)).slice(0, limit);
    const titles = await this.recordTitles(ctx, latest.map((e) => e.path));
    return latest
      .filter((e) => e.title || titles.get(e.path) !== undefined)
      .map((e) => ({ path: e.path, title: titles.get(e.path) ?? e.title, at: e.at.toISOString(), what: e.what, deleted: titles.get(e.path) === null }));
  }

  private records(): (CatalogDeclaration | DocumentDeclaration)[] {
    return this.registry.all().filter((d): d is CatalogDeclaration | DocumentDeclaration => d.kind === 'catalog' || d.kind === 'document');
  }

  private recordOf(path: string): Record_ | undefined {
    const m = RECORD_PATH.exec(path);
    if (!m || !z.uuid().safeParse(m[4]).success) return undefined;
    const decl = m[2] === 'catalogs' ? this.registry.catalog(m[1], m[3]) : this.registry.document(m[1], m[3]);
    return decl ? { decl, id: m[4] } : undefined;
  }

  /** A page of a module the company no longer has (nor keeps the data of) is left out. */
  private available(ctx: TenantRequestContext, path: string): boolean {
    const record = this.recordOf(path);
    return !record || ctx.tenant.modules.includes(record.decl.module) || !!ctx.tenant.keptModules?.includes(record.decl.module);
  }

  /**
   * The current title of each catalog item or document among `paths` (a document: «<title> <number>»),
   * read through the role's rules, one statement per catalog or document; null: gone, marked for
   * deletion or not readable. Paths that are not records are absent.
   */
  private async recordTitles(ctx: TenantRequestContext, paths: string[]): Promise<Map<string, string | null>> {
    const bySubject = new Map<string, { decl: Record_['decl']; ids: Map<string, string> }>();
    for (const path of paths) {
      const record = this.recordOf(path);
      if (!record || !this.available(ctx, path)) continue;
      const subject = subjectOf(record.decl);
      if (!bySubject.has(subject)) bySubject.set(subject, { decl: record.decl, ids: new Map() });
      bySubject.get(subject)!.ids.set(record.id, path);
    }
    const titles = new Map<string, string | null>();
    await Promise.all(
      [...bySubject.entries()].map(async ([subject, { decl, ids }]) => {
        for (const path of ids.values()) titles.set(path, null);
        if (!ctx.ability.can('read', subject)) return;
        const table = tenantTable(ctx.tenant.schema, decl.kind === 'catalog' ? tableOf.catalog(decl) : tableOf.document(decl));
        const q = this.db.knex(`${table} as r`).whereIn('r.id', [...ids.keys()]);
        if (decl.kind === 'catalog') q.where('r.deletion_mark', false).select('r.id', 'r.name as title');
        else q.select('r.id', this.db.knex.raw(`? || ' ' || r.number AS title`, [decl.title]));
        whereAllowed(q, ctx.ability, 'read', subject, (f) => `r.${f}`);
        for (const row of await q) titles.set(ids.get(row.id)!, row.title);
      }),
    );
    return titles;
  }
}
