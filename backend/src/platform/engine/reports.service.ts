import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { whereAllowed } from '../access/ability';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import type { ReportDeclaration, ReportQueryContext } from './declarations';
import { singleValues } from './list-query';
import { periodStart, turnoverQuery } from './register-queries';
import { Registers } from './registers';
import { ConfigurationRegistry, qualified } from './registry';
import { recordSchema } from './validation';

export type ReportResult = Awaited<ReturnType<ReportsService['run']>>;

/** Money goes to Excel in rubles (kopecks / 100, exact for any realistic amount), decimals as numbers. */
function excelValue(type: string | undefined, v: unknown) {
  if (v === null || v === undefined) return null;
  if (type === 'money') return Number(v) / 100;
  if (type === 'decimal' || type === 'integer') return Number(v);
  // An ISO date is written as an Excel date (a number shown as дд.мм.гггг), so the sheet sorts and filters by it.
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}/.test(String(v))) return new Date(`${String(v).slice(0, 10)}T00:00:00Z`);
  return v;
}

/** Declared reports: parameters checked like fields, the query run in the tenant's schema, totals of numeric columns, Excel. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async run(ctx: TenantRequestContext, decl: ReportDeclaration, query: Record<string, unknown>) {
    const raw = singleValues(query);
    const input: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(decl.params)) {
      const v = raw[name];
      if (v === undefined || v === '') continue;
      input[name] = f.type === 'integer' || f.type === 'money' ? Number(v) : f.type === 'boolean' ? v === 'true' : v;
    }
    const params = recordSchema(decl.params, { partial: false }).parse(input);
    const schema = ctx.tenant.schema;
    const knex = this.db.knex;
    const registers = new Registers(this.registry, knex, schema);
    const context: ReportQueryContext = {
      knex,
      table: (name) => `${schema}.${name}`,
      balances: (register, date, filter) => registers.balances(decl.module, register, date, filter),
      turnovers: (register, p) => {
        const reg = this.registry.register(...qualified(decl.module, register));
        if (!reg) throw new Error(`Отчёт «${decl.title}» (${decl.file ?? ''}): регистра «${register}» нет`);
        return turnoverQuery(knex, schema, reg, { from: p.from, to: p.to, period: p.period, groupBy: p.groupBy ?? Object.keys(reg.dimensions), filter: p.filter });
      },
      period: (column, unit, alias) => periodStart(knex, column, unit, alias),
      userId: ctx.principal.userId,
      allowed: (subject, alias) => (qb) => void whereAllowed(qb, ctx.ability, 'read', subject, (f) => `${alias}.${f}`),
    };
    const rows = await decl.query(context, params);
    const numeric = decl.columns.filter((c) => c.type === 'money' || c.type === 'decimal' || c.type === 'integer');
    const totals: Record<string, string | number> = {};
    for (const c of numeric) {
      const sum = rows.reduce((acc: Decimal, r) => acc.plus(new Decimal(String(r[c.field] ?? 0))), new Decimal(0));
      totals[c.field] = c.type === 'decimal' ? sum.toString() : sum.toNumber();
    }
    const items = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, decl.columns.find((c) => c.field === k)?.type === 'money' ? Number(v) : v])));
    return { title: decl.title, params, columns: decl.columns, chart: decl.chart ?? null, items, totals };
  }

  /** The report as an Excel workbook: a header row, the rows and a bold «Итого» row; money in rubles. */
  async xlsx(decl: ReportDeclaration, result: ReportResult): Promise<{ content: Buffer; filename: string; contentType: string }> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(decl.title.slice(0, 31));
    sheet.columns = decl.columns.map((c) => ({ header: c.title, key: c.field, width: Math.max(12, c.title.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of result.items) sheet.addRow(Object.fromEntries(decl.columns.map((c) => [c.field, excelValue(c.type, row[c.field])])));
    const totalRow = sheet.addRow(Object.fromEntries(decl.columns.map((c, i) => [c.field, i === 0 ? 'Итого' : c.field in result.totals ? excelValue(c.type, result.totals[c.field]) : null])));
    totalRow.font = { bold: true };
    decl.columns.forEach((c, i) => {
      if (c.type === 'money') sheet.getColumn(i + 1).numFmt = '#,##0.00';
      if (c.type === 'date') sheet.getColumn(i + 1).numFmt = 'dd.mm.yyyy';
    });
    return { content: Buffer.from(await book.xlsx.writeBuffer()), filename: `${decl.title}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }
}
