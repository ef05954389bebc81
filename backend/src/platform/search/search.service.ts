import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { formatRubles, isIsoDate, parseRubles } from '@workcloud/shared-core';
import { whereAllowed } from '../access/ability';
import type { TenantRequestContext } from '../access/request-context';
import { userColumns } from '../admin/users.controller';
import { Database } from '../database/database';
import { toTsQuery } from '../engine/list-query';
import { ConfigurationRegistry, subjectOf } from '../engine/registry';
import { ModuleCatalogue } from '../modules/module-catalogue';
import { tenantTable } from '../tenancy/tenant-schema';
import { searchablesOf, type Searchable } from './searchables';

export type SearchKind = 'menu' | 'documents' | 'catalogs' | 'people';

export interface SearchItem {
  title: string;
  titleEn?: string;
  subtitle: string;
  /** The workplace address that opens it. */
  path: string;
  /** The catalog, document or page it is (Реализация товаров и услуг, Номенклатура…). */
  type: string;
  typeEn: string;
}

export interface SearchGroup {
  kind: SearchKind;
  items: SearchItem[];
}

/** What was typed, read once: the words (prefixes, any word form), a fragment for numbers and codes, a date, an amount. */
interface Terms {
  tsquery: string | null;
  fragment: string | null;
  date: string | null;
  kopecks: number | null;
  text: string;
}

function termsOf(q: string): Terms {
  const text = q.trim();
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const dmy = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : null;
  const date = iso && isIsoDate(iso) ? iso : null;
  const fragment = words.join(' ');
  return {
    text,
    tsquery: toTsQuery(text),
    // A fragment inside a number, barcode or ИНН («000012», «4600»): matched through the trigram index.
    fragment: fragment.length >= 3 ? `%${fragment}%` : null,
    date,
    kopecks: date || !/\d/.test(text) ? null : parseRubles(text),
  };
}

/** One row of the union: every source answers the same columns. */
interface Row {
  source: string;
  id: string | null;
  title: string;
  code: string | null;
  date: string | null;
  party: string | null;
  amount: string | null;
  score: number;
}

interface MenuEntry extends SearchItem {
  /** What the words are matched against: the title, the module and its menu section (an action: «Создать …»). */
  words: string;
}

/**
 * The workplace's one search: documents, catalog items, menu sections and actions, people — of every
 * module the company has, only what the person may read (their role's row rules in SQL), in one
 * statement on the company's schema. Words match in any Russian word form (full-text, `russian`),
 * numbers and codes also by a fragment (`pg_trgm`), a date typed ДД.ММ.ГГГГ and an amount exactly.
 */
@Injectable()
export class SearchService {
  private readonly searchables: Searchable[];

  constructor(
    private readonly db: Database,
    registry: ConfigurationRegistry,
    private readonly catalogue: ModuleCatalogue,
  ) {
    this.searchables = searchablesOf(registry);
  }

  async search(ctx: TenantRequestContext, q: string, limit: number): Promise<SearchGroup[]> {
    const terms = termsOf(q);
    if (!terms.tsquery && !terms.date && terms.kopecks === null) return [];
    const k = this.db.knex;
    const modules = new Set([...ctx.tenant.modules, ...(ctx.tenant.keptModules ?? [])]);
    const readable = this.searchables.filter((s) => modules.has(s.decl.module) && ctx.ability.can('read', subjectOf(s.decl)));
    const menu = this.menuOf(ctx, modules);
    const parts: Knex.QueryBuilder[] = readable.map((s) => this.recordsQuery(ctx, s, terms).limit(limit));
    if (terms.tsquery && menu.length) parts.push(this.menuQuery(menu, terms.tsquery).limit(limit));
    if (terms.tsquery && ctx.ability.can('read', 'User')) parts.push(this.peopleQuery(ctx, terms).limit(limit));
    if (!parts.length) return [];
    const sql = parts.map((p) => p.toSQL());
    const { rows } = await k.raw<{ rows: Row[] }>(sql.map((s) => `(${s.sql})`).join(' UNION ALL '), sql.flatMap((s) => s.bindings as Knex.Value[]));
    return this.grouped(rows, readable, menu, limit);
  }

  /** The catalog items or documents of one declaration that match, best first, through the caller's row rules. */
  private recordsQuery(ctx: TenantRequestContext, s: Searchable, t: Terms): Knex.QueryBuilder {
    const k = this.db.knex;
    const doc = s.decl.kind === 'document';
    const q = k(`${tenantTable(ctx.tenant.schema, s.table)} as r`);
    s.refs.forEach((ref, i) => q.leftJoin(`${tenantTable(ctx.tenant.schema, ref.table)} as j${i}`, `j${i}.id`, `r.${ref.field}`));
    const columns = ['r.search_text', ...s.texts.map((f) => `r.${f}`), ...s.refs.map((ref, i) => `j${i}.${ref.column}`)];
    const words = k.raw(`concat_ws(' ', ${columns.map(() => '??').join(', ')})`, columns);
    const title = doc ? 'r.number' : 'r.name';
    q.select(
      k.raw('? AS source', [subjectOf(s.decl)]),
      'r.id',
      k.raw('?? AS title', [title]),
      k.raw(doc ? 'NULL::text AS code' : 'r.code AS code'),
      k.raw(doc ? `to_char(r.date, 'DD.MM.YYYY') AS date` : 'NULL::text AS date'),
      k.raw(s.refs[0] ? '??::text AS party' : 'NULL::text AS party', s.refs[0] ? [`j0.${s.refs[0].column}`] : []),
      k.raw(s.amount ? '??::text AS amount' : 'NULL::text AS amount', s.amount ? [`r.${s.amount}`] : []),
      k.raw(
        `(${t.tsquery ? `ts_rank(to_tsvector('russian', ?), to_tsquery('russian', ?))` : '0'} + public.similarity(r.search_text, ?) + CASE WHEN lower(??) = lower(?) THEN 1 ELSE 0 END)::real AS score`,
        [...(t.tsquery ? [words, t.tsquery] : []), t.text, title, t.text],
      ),
    );
    q.where((w) => {
      if (t.tsquery)
        w.orWhereRaw(`to_tsvector('russian', ?) @@ to_tsquery('russian', ?)`, [words, t.tsquery]).orWhereRaw(`to_tsvector('simple', ?) @@ to_tsquery('simple', ?)`, [words, t.tsquery]);
      if (t.fragment) w.orWhereRaw('r.search_text ILIKE ?', [t.fragment]);
      if (t.date && doc) w.orWhere('r.date', t.date);
      if (t.kopecks !== null && s.amount) w.orWhere(`r.${s.amount}`, t.kopecks);
    });
    if (!doc) q.where('r.deletion_mark', false);
    whereAllowed(q, ctx.ability, 'read', subjectOf(s.decl), (f) => `r.${f}`);
    return q.orderBy('score', 'desc');
  }

  /** Menu sections and actions the person may open, matched by their words in PostgreSQL (word forms). */
  private menuQuery(menu: MenuEntry[], tsquery: string): Knex.QueryBuilder {
    const k = this.db.knex;
    const vector = `to_tsvector('russian', m.words)`;
    return k
      .select(
        k.raw(`'menu' AS source`),
        k.raw('NULL::uuid AS id'),
        k.raw('m.title'),
        k.raw('m.idx::text AS code'),
        k.raw('NULL::text AS date'),
        k.raw('NULL::text AS party'),
        k.raw('NULL::text AS amount'),
        k.raw(`ts_rank(${vector}, to_tsquery('russian', ?))::real AS score`, [tsquery]),
      )
      .fromRaw(k.raw('unnest(?::text[], ?::text[]) WITH ORDINALITY AS m(title, words, idx)', [menu.map((e) => e.title), menu.map((e) => e.words)]))
      .where((w) => w.whereRaw(`${vector} @@ to_tsquery('russian', ?)`, [tsquery]).orWhereRaw(`to_tsvector('simple', m.words) @@ to_tsquery('simple', ?)`, [tsquery]))
      .orderBy('score', 'desc');
  }

  /** The company's people by name or e-mail, through the caller's rules on «Пользователи». */
  private peopleQuery(ctx: TenantRequestContext, t: Terms): Knex.QueryBuilder {
    const k = this.db.knex;
    const words = `concat_ws(' ', u.full_name, u.email)`;
    const q = k('platform.memberships as m')
      .join('platform.users as u', 'u.id', 'm.user_id')
      .where('m.tenant_id', ctx.tenant.id)
      .select(
        k.raw(`'people' AS source`),
        'u.id',
        k.raw('u.full_name AS title'),
        k.raw('u.email AS code'),
        k.raw('NULL::text AS date'),
        k.raw('NULL::text AS party'),
        k.raw('NULL::text AS amount'),
        k.raw(`ts_rank(to_tsvector('simple', ${words}), to_tsquery('simple', ?))::real AS score`, [t.tsquery]),
      )
      .where((w) => w.whereRaw(`to_tsvector('simple', ${words}) @@ to_tsquery('simple', ?)`, [t.tsquery]).orWhereILike('u.email', `%${t.text.replace(/[\\%_]/g, '\\$&')}%`));
    whereAllowed(q, ctx.ability, 'read', 'User', (f) => userColumns[f]);
    return q.orderBy('score', 'desc');
  }

  /** Pages of the declarations the person may read and the «Создать …» actions of those they may create, in modules with a UI. */
  private menuOf(ctx: TenantRequestContext, modules: Set<string>): MenuEntry[] {
    const entries: MenuEntry[] = [];
    for (const code of modules) {
      const m = this.catalogue.definition(code);
      if (!m?.definition.ui) continue;
      const groups = new Map((m.definition.menuGroups ?? []).map((g) => [g.code, g]));
      for (const d of m.declarations) {
        if (d.kind === 'register' || !ctx.ability.can('read', subjectOf(d))) continue;
        const group = d.group ? groups.get(d.group) : undefined;
        const where = [m.title, group?.title].filter(Boolean).join(' · ');
        const whereEn = [m.titleEn, group?.titleEn].filter(Boolean).join(' · ');
        const path = `/m/${d.module}/${d.kind}s/${d.code}`;
        entries.push({ title: d.title, titleEn: d.titleEn ?? d.title, subtitle: where, path, type: where, typeEn: whereEn, words: `${d.title} ${where}` });
        // A removed module's data stays readable, not writable: no «Создать» there.
        const creatable = ctx.tenant.modules.includes(code) && (d.kind === 'document' || (d.kind === 'catalog' && !d.readOnly));
        if (creatable && ctx.ability.can('create', subjectOf(d)))
          entries.push({ title: `Создать: ${d.title}`, titleEn: `Create: ${d.titleEn ?? d.title}`, subtitle: where, path: `${path}/new`, type: where, typeEn: whereEn, words: `Создать ${d.title}` });
      }
    }
    return entries;
  }

  /** Rows → groups by kind, each best first; the groups in the order of their best hit. */
  private grouped(rows: Row[], readable: Searchable[], menu: MenuEntry[], limit: number): SearchGroup[] {
    const bySubject = new Map(readable.map((s) => [subjectOf(s.decl), s]));
    const groups = new Map<SearchKind, { best: number; items: { score: number; item: SearchItem }[] }>();
    for (const row of rows) {
      const entry = this.itemOf(row, bySubject, menu);
      if (!entry) continue;
      const [kind, item] = entry;
      let group = groups.get(kind);
      if (!group) groups.set(kind, (group = { best: -Infinity, items: [] }));
      group.best = Math.max(group.best, row.score);
      group.items.push({ score: row.score, item });
    }
    return [...groups.entries()]
      .sort((a, b) => b[1].best - a[1].best)
      .map(([kind, g]) => ({ kind, items: g.items.sort((a, b) => b.score - a.score).slice(0, limit).map((i) => i.item) }));
  }

  private itemOf(row: Row, bySubject: Map<string, Searchable>, menu: MenuEntry[]): [SearchKind, SearchItem] | undefined {
    if (row.source === 'menu') {
      const { words: _words, ...item } = menu[Number(row.code) - 1];
      return ['menu', item];
    }
    if (row.source === 'people') return ['people', { title: row.title || row.code!, subtitle: row.code!, path: '/m/admin/users', type: 'Пользователи', typeEn: 'Users' }];
    const s = bySubject.get(row.source);
    if (!s) return undefined;
    const d = s.decl;
    const amount = row.amount === null ? null : formatRubles(row.amount);
    const type = d.title;
    const typeEn = d.titleEn ?? d.title;
    if (d.kind === 'document') {
      const subtitle = [row.date, row.party, amount].filter(Boolean).join(' · ');
      return ['documents', { title: `${d.title} ${row.title}`, titleEn: `${typeEn} ${row.title}`, subtitle, path: `/m/${d.module}/documents/${d.code}/${row.id}`, type, typeEn }];
    }
    const subtitle = [d.title, row.code, row.party, amount].filter(Boolean).join(' · ');
    return ['catalogs', { title: row.title, subtitle, path: `/m/${d.module}/catalogs/${d.code}/${row.id}`, type, typeEn }];
  }
}
