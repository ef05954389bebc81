import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { whereAllowed } from '../access/ability';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import type { DocumentDeclaration, RegisterDeclaration } from './declarations';
import { DocumentReader } from './document-reader';
import { badParam, filterValue, singleValues } from './list-query';
import { balanceQuery, expenseAlias, movementsQuery, PERIOD_UNITS, receiptAlias, turnoverQuery, type PeriodUnit, type RegisterFilter, type Restrict } from './register-queries';
import { ConfigurationRegistry, subjectOf, tableOf } from './registry';

const typeTitles: Record<RegisterDeclaration['type'], string> = { balance: 'регистр остатков', turnover: 'регистр оборотов', information: 'регистр сведений' };

/**
 * The read API every declared register gets (`/api/<module>/registers/<code>/…`): balance on a date,
 * turnover for a period by period and dimensions, movements of a document. Each answers with the
 * caller's row rules on the register's subject (`<module>.<code>`, read) applied in SQL, and checks
 * every query parameter: an unknown one, a dimension value of the wrong type or a bad date is a 400.
 */
@Injectable()
export class RegisterReadService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly documents: DocumentReader,
  ) {}

  /** The register, if declared and of one of `types`; else 404 saying what there is. */
  private register(module: string, code: string, types: RegisterDeclaration['type'][], what: string): RegisterDeclaration {
    const reg = this.registry.register(module, code);
    if (!reg) throw Problem.notFound(`Регистра «${code}» нет в модуле «${module}».`);
    if (!types.includes(reg.type)) throw Problem.notFound(`«${reg.title}» — ${typeTitles[reg.type]}: ${what} у него нет.`);
    return reg;
  }

  /** The caller's row rules on the register (CASL conditions on its dimensions), for the query builder. */
  private restrict(ctx: TenantRequestContext, reg: RegisterDeclaration): Restrict {
    return (q) => void whereAllowed(q, ctx.ability, 'read', subjectOf(reg), (f) => f);
  }

  /** Query parameters: `known` ones returned as they are, the others must be dimensions (checked by type). */
  private params<K extends string>(reg: RegisterDeclaration, raw: Record<string, unknown>, known: readonly K[]) {
    const values = singleValues(raw);
    const own: Partial<Record<K, string>> = {};
    const filter: RegisterFilter = {};
    for (const [key, value] of Object.entries(values)) {
      if ((known as readonly string[]).includes(key)) own[key as K] = value;
      else if (!Object.hasOwn(reg.dimensions, key))
        throw badParam(key, `у регистра «${reg.title}» нет измерения «${key}». Измерения: ${Object.keys(reg.dimensions).join(', ')}; параметры: ${known.join(', ')}`);
      else if (value !== '') filter[key] = filterValue(key, reg.dimensions[key], value, true);
    }
    return { own, filter };
  }

  private date(param: string, value: string | undefined, required: boolean): string | undefined {
    if (value === undefined || value === '') {
      if (required) throw badParam(param, 'укажите дату в формате ГГГГ-ММ-ДД');
      return undefined;
    }
    return filterValue(param, { type: 'date', title: param }, value, false) as string;
  }

  /** Balances at the end of `date` (default: after every movement), by all dimensions, filtered by some. */
  async balance(ctx: TenantRequestContext, module: string, code: string, raw: Record<string, unknown>) {
    const reg = this.register(module, code, ['balance'], 'остатков');
    const { own, filter } = this.params(reg, raw, ['date'] as const);
    const date = this.date('date', own.date, false) ?? '9999-12-31';
    const items = await balanceQuery(this.db.knex, ctx.tenant.schema, reg, date, { filter, restrict: this.restrict(ctx, reg) });
    return { date, items };
  }

  /**
   * Turnovers from `from` to `to` (both included), by `period` (day, week, month, quarter, year — each
   * row starts its period) and by the `groupBy` dimensions (comma-separated; none: one total).
   */
  async turnover(ctx: TenantRequestContext, module: string, code: string, raw: Record<string, unknown>) {
    const reg = this.register(module, code, ['balance', 'turnover'], 'оборотов');
    const { own, filter } = this.params(reg, raw, ['from', 'to', 'period', 'groupBy'] as const);
    const from = this.date('from', own.from, true)!;
    const to = this.date('to', own.to, true)!;
    if (from > to) throw badParam('to', 'конец периода раньше его начала');
    if (own.period && !(PERIOD_UNITS as readonly string[]).includes(own.period)) throw badParam('period', `допустимые значения — ${PERIOD_UNITS.join(', ')}`);
    const period = (own.period || undefined) as PeriodUnit | undefined;
    const groupBy = own.groupBy ? own.groupBy.split(',').map((d) => d.trim()) : [];
    for (const d of groupBy)
      if (!Object.hasOwn(reg.dimensions, d)) throw badParam('groupBy', `у регистра «${reg.title}» нет измерения «${d}». Измерения: ${Object.keys(reg.dimensions).join(', ')}`);
    if (new Set(groupBy).size !== groupBy.length) throw badParam('groupBy', 'измерение указано дважды');
    const rows: Record<string, any>[] = await turnoverQuery(this.db.knex, ctx.tenant.schema, reg, { from, to, period, groupBy, filter, restrict: this.restrict(ctx, reg) });
    const resources = Object.keys(reg.resources);
    const pick = (row: Record<string, any>, alias: (r: string) => string) => Object.fromEntries(resources.map((r) => [r, row[alias(r)]]));
    const items = rows.map((row) => ({
      ...(period ? { period: row.period as string } : {}),
      dimensions: Object.fromEntries(groupBy.map((d) => [d, row[d]])),
      turnover: pick(row, (r) => r),
      ...(reg.type === 'balance' ? { receipt: pick(row, receiptAlias), expense: pick(row, expenseAlias) } : {}),
    }));
    return { from, to, period: period ?? null, groupBy, items };
  }

  /** A register's movements as the API shows them: a balance register's direction as `kind`. */
  private movementsOf(reg: RegisterDeclaration, rows: Record<string, any>[]) {
    return rows.map(({ direction, id, ...row }) => ({ id: String(id), ...(reg.type === 'balance' ? { kind: direction === -1 ? 'expense' : 'receipt' } : {}), ...row }));
  }

  /** Every movement a document (`recorder`) wrote in the register, storno rows of cancelled postings included. */
  async movements(ctx: TenantRequestContext, module: string, code: string, raw: Record<string, unknown>) {
    const reg = this.register(module, code, ['balance', 'turnover', 'information'], 'движений');
    const { own } = this.params(reg, raw, ['recorder'] as const);
    if (!own.recorder) throw badParam('recorder', 'укажите идентификатор документа-регистратора (UUID)');
    const recorder = filterValue('recorder', { type: 'ref', title: 'Регистратор' }, own.recorder, false) as string;
    const rows = await movementsQuery(this.db.knex, ctx.tenant.schema, reg, recorder, this.restrict(ctx, reg));
    return { recorder, items: this.movementsOf(reg, rows) };
  }

  /** The movements of one document in every register of its module the caller may read. */
  async documentMovements(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string) {
    const doc = await this.documents.get(ctx, decl, id);
    const registers = [];
    for (const reg of this.registry.byModule(decl.module)) {
      if (reg.kind !== 'register' || !ctx.ability.can('read', subjectOf(reg))) continue;
      const rows = await movementsQuery(this.db.knex, ctx.tenant.schema, reg, doc.id, this.restrict(ctx, reg));
      if (rows.length) registers.push({ register: reg.code, title: reg.title, type: reg.type, items: this.movementsOf(reg, rows) });
    }
    return { document: { id: doc.id, number: doc.number, date: doc.date, status: doc.status, revision: doc.revision }, registers };
  }

  /**
   * Registers whose sequence is broken (see `RegisterDeclaration.sequence`) on or before `through`
   * (every one without it), earliest first: the register, the dimension's value (and its catalog name) and the date.
   * Only registers of modules whose tables the tenant's schema has (bought, or kept after removal).
   */
  async brokenSequences(ctx: TenantRequestContext, through?: string, trx: Knex = this.db.knex) {
    const out: { register: string; registerTitle: string; dimension: string; value: string; valueName: string | null; brokenFrom: string }[] = [];
    const present = new Set([...ctx.tenant.modules, ...(ctx.tenant.keptModules ?? [])]);
    for (const reg of this.registry.all()) {
      if (reg.kind !== 'register' || !reg.sequence || !present.has(reg.module)) continue;
      const dim = reg.sequence.dimension;
      const target = reg.dimensions[dim].type === 'ref' ? this.registry.resolveRef(reg.module, reg.dimensions[dim].ref) : undefined;
      const q = trx(`${tenantTable(ctx.tenant.schema, tableOf.sequence(reg))} as s`).whereNotNull('s.broken_from').orderBy('s.broken_from');
      if (through) q.where('s.broken_from', '<=', through);
      if (target?.kind === 'catalog') q.leftJoin(`${tenantTable(ctx.tenant.schema, tableOf.catalog(target))} as c`, 'c.id', `s.${dim}`).select('c.name as value_name');
      const rows = await q.select(`s.${dim} as value`, 's.broken_from');
      for (const r of rows) out.push({ register: subjectOf(reg), registerTitle: reg.title, dimension: dim, value: String(r.value), valueName: r.value_name ?? null, brokenFrom: r.broken_from });
    }
    return out.sort((a, b) => (a.brokenFrom < b.brokenFrom ? -1 : a.brokenFrom > b.brokenFrom ? 1 : 0));
  }
}
