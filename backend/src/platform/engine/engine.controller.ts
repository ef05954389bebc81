import { randomUUID } from 'node:crypto';
import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res, Body } from '@nestjs/common';
import { ApiExcludeController, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, FROM_ROUTE, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { ValidBody, ValidQuery } from '../http/validation';
import { tenantTable } from '../tenancy/tenant-schema';
import type { Fields } from './declarations';
import { EngineService, ruDate, type ListQuery } from './engine.service';
import { ConfigurationRegistry, subjectOf } from './registry';

function listQuery(raw: Record<string, string>): ListQuery {
  const limit = Math.min(Math.max(Number(raw.limit ?? 50) || 50, 1), 500);
  const offset = Math.max(Number(raw.offset ?? 0) || 0, 0);
  const { search, sort, ...filters } = raw;
  return { search, sort, limit, offset, filters };
}

const describeFields = (fields: Fields) => Object.entries(fields).map(([name, f]) => ({ name, ...f }));

/**
 * The generic REST API every declaration gets: `/api/<module>/catalogs/<code>`, `/documents/<code>`,
 * `/reports/<code>`, `/registers/<code>/balance`, and `/meta` for the UI. The access guard checks that
 * the tenant bought `<module>` and that the role allows the action on `<module>.<code>`.
 * Concrete OpenAPI entries per declaration are generated in openapi.ts.
 */
@ApiExcludeController()
@ForModule(FROM_ROUTE)
@Controller('api/:module')
export class EngineController {
  constructor(
    private readonly engine: EngineService,
    private readonly registry: ConfigurationRegistry,
  ) {}

  private catalog(module: string, code: string) {
    const d = this.registry.catalog(module, code);
    if (!d) throw Problem.notFound(`Справочника «${code}» нет в модуле «${module}».`);
    return d;
  }
  private document(module: string, code: string) {
    const d = this.registry.document(module, code);
    if (!d) throw Problem.notFound(`Документа «${code}» нет в модуле «${module}».`);
    return d;
  }

  /** What the UI needs to draw lists and forms: declarations the user may read, with the tenant's custom fields. */
  @Get('meta')
  async meta(@Ctx() ctx: TenantRequestContext, @Param('module') module: string) {
    const readable = this.registry.byModule(module).filter((d) => ctx.ability.can('read', subjectOf(d)));
    const actions = (subject: string) => (['read', 'create', 'update', 'delete', 'post'] as const).filter((a) => ctx.ability.can(a, subject));
    const out: Record<string, unknown[]> = { catalogs: [], documents: [], registers: [], reports: [] };
    for (const d of readable) {
      const base = { code: d.code, subject: subjectOf(d), title: d.title, titleEn: d.titleEn ?? d.title, allowedActions: actions(subjectOf(d)) };
      if (d.kind === 'catalog') out.catalogs.push({ ...base, hierarchical: !!d.hierarchical, owner: d.owner ?? null, fields: describeFields(d.fields), customFields: await this.engine.customFields(ctx, subjectOf(d)) });
      if (d.kind === 'document')
        out.documents.push({
          ...base,
          numberPrefix: d.numberPrefix,
          postable: !!d.post,
          printForms: (d.printForms ?? []).map((f) => ({ code: f.code, title: f.title, contentType: f.contentType ?? 'application/pdf' })),
          fields: describeFields(d.fields),
          sections: Object.entries(d.sections ?? {}).map(([code, s]) => ({ code, title: s.title, fields: describeFields(s.fields) })),
          customFields: await this.engine.customFields(ctx, subjectOf(d)),
        });
      if (d.kind === 'register') out.registers.push({ ...base, type: d.type, dimensions: describeFields(d.dimensions), resources: describeFields(d.resources) });
      if (d.kind === 'report') out.reports.push({ ...base, params: describeFields(d.params), columns: d.columns, chart: d.chart ?? null });
    }
    return { module, ...out };
  }

  @Get('catalogs/:code')
  @Allow('read', FROM_ROUTE)
  listCatalog(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: Record<string, string>) {
    return this.engine.listCatalog(ctx, this.catalog(m, code), listQuery(q));
  }

  @Post('catalogs/:code')
  @Allow('create', FROM_ROUTE)
  createCatalogItem(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Body() body: unknown) {
    return this.engine.createCatalogItem(ctx, this.catalog(m, code), body);
  }

  @Get('catalogs/:code/:id')
  @Allow('read', FROM_ROUTE)
  getCatalogItem(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.engine.getCatalogItem(ctx, this.catalog(m, code), id);
  }

  @Patch('catalogs/:code/:id')
  @Allow('update', FROM_ROUTE)
  updateCatalogItem(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string, @Body() body: unknown) {
    return this.engine.updateCatalogItem(ctx, this.catalog(m, code), id, body);
  }

  @Delete('catalogs/:code/:id')
  @Allow('delete', FROM_ROUTE)
  markDeleted(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.engine.markCatalogItemDeleted(ctx, this.catalog(m, code), id, true);
  }

  @Post('catalogs/:code/:id/restore')
  @HttpCode(200)
  @Allow('delete', FROM_ROUTE)
  restore(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.engine.markCatalogItemDeleted(ctx, this.catalog(m, code), id, false);
  }

  @Get('documents/:code')
  @Allow('read', FROM_ROUTE)
  listDocuments(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: Record<string, string>) {
    return this.engine.listDocuments(ctx, this.document(m, code), listQuery(q));
  }

  @Post('documents/:code')
  @Allow('create', FROM_ROUTE)
  createDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Body() body: unknown, @Query('post') post?: string) {
    return this.engine.createDocument(ctx, this.document(m, code), body, { post: post === 'true' });
  }

  /** The form's live totals: the same `compute` the server runs on save, nothing stored. */
  @Post('documents/:code/compute')
  @HttpCode(200)
  @Allow('read', FROM_ROUTE)
  computeDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Body() body: unknown) {
    return this.engine.computeDocument(ctx, this.document(m, code), body);
  }

  @Get('documents/:code/:id')
  @Allow('read', FROM_ROUTE)
  getDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.engine.getDocument(ctx, this.document(m, code), id);
  }

  @Patch('documents/:code/:id')
  @Allow('update', FROM_ROUTE)
  updateDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string, @Body() body: unknown) {
    return this.engine.updateDocument(ctx, this.document(m, code), id, body);
  }

  @Delete('documents/:code/:id')
  @HttpCode(204)
  @Allow('delete', FROM_ROUTE)
  async deleteDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    await this.engine.deleteDocument(ctx, this.document(m, code), id);
  }

  @Post('documents/:code/:id/post')
  @HttpCode(200)
  @Allow('post', FROM_ROUTE)
  post(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.engine.post(ctx, this.document(m, code), id);
  }

  @Post('documents/:code/:id/cancel')
  @HttpCode(200)
  @Allow('post', FROM_ROUTE)
  cancel(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.engine.cancel(ctx, this.document(m, code), id);
  }

  @Get('documents/:code/:id/print/:form')
  @Allow('read', FROM_ROUTE)
  async print(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string, @Param('form') form: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { content, filename, contentType } = await this.engine.print(ctx, this.document(m, code), id, form);
    reply.header('Content-Type', contentType);
    // A PDF opens in the browser; another file (an ЭДО XML) is saved under its own name.
    const disposition = contentType === 'application/pdf' ? `inline; filename="${encodeURIComponent(code)}.pdf"; ` : 'attachment; ';
    reply.header('Content-Disposition', `${disposition}filename*=UTF-8''${encodeURIComponent(filename)}`);
    return content;
  }

  @Get('registers/:code/balance')
  @Allow('read', FROM_ROUTE)
  balance(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: Record<string, string>) {
    const { date, ...filter } = q;
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw Problem.badRequest('Дата — в формате ГГГГ-ММ-ДД.');
    return this.engine.balances(ctx, m, code, date ?? '9999-12-31', filter);
  }

  @Get('reports/:code')
  @Allow('read', FROM_ROUTE)
  async report(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const decl = this.registry.report(m, code);
    if (!decl) throw Problem.notFound(`Отчёта «${code}» нет в модуле «${m}».`);
    const result = await this.engine.runReport(ctx, decl, q);
    if (q.format !== 'xlsx') return result;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(decl.title.slice(0, 31));
    sheet.columns = decl.columns.map((c) => ({ header: c.title, key: c.field, width: Math.max(12, c.title.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of result.items) sheet.addRow(Object.fromEntries(decl.columns.map((c) => [c.field, excelValue(c.type, row[c.field])])));
    const totalRow = sheet.addRow(Object.fromEntries(decl.columns.map((c, i) => [c.field, i === 0 ? 'Итого' : c.field in result.totals ? excelValue(c.type, result.totals[c.field]) : null])));
    totalRow.font = { bold: true };
    decl.columns.forEach((c, i) => {
      if (c.type === 'money') sheet.getColumn(i + 1).numFmt = '#,##0.00';
    });
    reply.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('Content-Disposition', `attachment; filename="${encodeURIComponent(code)}.xlsx"; filename*=UTF-8''${encodeURIComponent(decl.title)}.xlsx`);
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}

/** Money goes to Excel in rubles (kopecks / 100, exact for any realistic amount), decimals as numbers. */
function excelValue(type: string | undefined, v: unknown) {
  if (v === null || v === undefined) return null;
  if (type === 'money') return Number(v) / 100;
  if (type === 'decimal' || type === 'integer') return Number(v);
  return v;
}

const customFieldSchema = z.object({
  target: z.string().min(3, 'Укажите, к какому справочнику или документу добавить поле (например trade.products)'),
  code: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'Код поля — латинские строчные буквы, цифры и _'),
  title: z.string().trim().min(1, 'Укажите название поля').max(100),
  type: z.enum(['string', 'integer', 'decimal', 'date', 'boolean', 'enum', 'ref']),
  values: z.record(z.string(), z.string()).optional(),
  ref: z.string().optional(),
  required: z.boolean().default(false),
});
const periodLockSchema = z.object({ closedThrough: z.iso.date({ message: 'Дата — в формате ГГГГ-ММ-ДД' }).nullable() });

/** Tenant-level settings of the engine: the company's own fields and the closed period. */
@ApiTags('Администрирование: настройка учёта')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin')
export class EngineSettingsController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly audit: AuditService,
    private readonly engine: EngineService,
  ) {}

  @Get('custom-fields')
  @Allow('read', 'CustomField')
  @ApiOperation({ summary: 'Дополнительные поля компании' })
  listCustomFields(@Ctx() ctx: TenantRequestContext, @ValidQuery(z.object({ target: z.string().optional() })) q: { target?: string }) {
    const query = this.db.knex(tenantTable(ctx.tenant.schema, 'custom_fields')).orderBy(['target', 'created_at']);
    if (q.target) query.where({ target: q.target });
    return query.select('id', 'target', 'code', 'title', 'type', 'values', 'ref', 'required');
  }

  @Post('custom-fields')
  @Allow('create', 'CustomField')
  @ApiOperation({ summary: 'Добавить поле к справочнику или документу — без изменения кода и перезапуска' })
  async addCustomField(@Ctx() ctx: TenantRequestContext, @ValidBody(customFieldSchema) body: z.infer<typeof customFieldSchema>) {
    const [module, code] = body.target.split('.');
    const decl = this.registry.catalog(module, code) ?? this.registry.document(module, code);
    if (!decl) throw Problem.badRequest(`Нет справочника или документа «${body.target}».`);
    if (!ctx.tenant.modules.includes(module)) throw Problem.forbidden(`Модуль «${module}» не подключён для вашей компании.`);
    if (body.code in decl.fields) throw Problem.conflict(`У «${decl.title}» уже есть поле «${body.code}».`);
    if (body.type === 'enum' && !Object.keys(body.values ?? {}).length) throw Problem.badRequest('Для поля-перечисления укажите значения (values).');
    if (body.type === 'ref' && !this.registry.resolveRef(module, body.ref)) throw Problem.badRequest('Для поля-ссылки укажите справочник (ref), например trade.products.');
    const id = randomUUID();
    await this.db.knex.transaction(async (trx) => {
      const clash = await trx(tenantTable(ctx.tenant.schema, 'custom_fields')).where({ target: body.target, code: body.code }).first('id');
      if (clash) throw Problem.conflict(`Поле «${body.code}» уже добавлено.`);
      await trx(tenantTable(ctx.tenant.schema, 'custom_fields')).insert({ id, ...body, values: body.values ? JSON.stringify(body.values) : null });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'create', entity: 'CustomField', entityId: id, after: body }, trx);
    });
    await this.engine.invalidateCustomFields(ctx.tenant.id);
    return { id, ...body };
  }

  @Delete('custom-fields/:id')
  @HttpCode(204)
  @Allow('delete', 'CustomField')
  async removeCustomField(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const deleted = await this.db.knex(tenantTable(ctx.tenant.schema, 'custom_fields')).where({ id: z.uuid().parse(id) }).delete().returning('*');
    if (!deleted.length) throw Problem.notFound('Поле не найдено.');
    await this.engine.invalidateCustomFields(ctx.tenant.id);
    await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'delete', entity: 'CustomField', entityId: id, before: deleted[0] });
  }

  @Get('period-lock')
  @Allow('read', 'PeriodLock')
  @ApiOperation({ summary: 'Дата, по которую период закрыт' })
  async getPeriodLock(@Ctx() ctx: TenantRequestContext) {
    const row = await this.db.knex(tenantTable(ctx.tenant.schema, 'period_lock')).first('closed_through');
    return { closedThrough: row?.closed_through ?? null };
  }

  @Put('period-lock')
  @Allow('update', 'PeriodLock')
  @ApiOperation({ summary: 'Закрыть период: документы по эту дату включительно нельзя менять, проводить и отменять' })
  async setPeriodLock(@Ctx() ctx: TenantRequestContext, @ValidBody(periodLockSchema) body: z.infer<typeof periodLockSchema>) {
    const before = await this.getPeriodLock(ctx);
    await this.db.knex.transaction(async (trx) => {
      await trx(tenantTable(ctx.tenant.schema, 'period_lock')).update({ closed_through: body.closedThrough, updated_at: trx.fn.now(), updated_by: ctx.principal.userId });
      // After the update (its row lock waits for a running restoration of a sequence): a period with a
      // broken sequence inside would freeze wrong numbers (cost of goods) for good.
      const [broken] = body.closedThrough ? await this.engine.brokenSequences(ctx, body.closedThrough, trx) : [];
      if (broken)
        throw Problem.unprocessable(
          `Нельзя закрыть период по ${ruDate(body.closedThrough!)}: последовательность «${broken.registerTitle}»${broken.valueName ? ` (${broken.valueName})` : ''} нарушена с ${ruDate(broken.brokenFrom)}. Сначала выполните восстановление последовательности, затем закройте период.`,
          { brokenSequence: broken },
        );
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'PeriodLock', before, after: body }, trx);
    });
    return { closedThrough: body.closedThrough };
  }
}
