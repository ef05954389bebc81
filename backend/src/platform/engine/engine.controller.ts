import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Ctx, ForModule, FROM_ROUTE, type TenantRequestContext } from '../access/request-context';
import { Problem } from '../http/problem';
import { CatalogsService } from './catalogs.service';
import { CustomFieldsService } from './custom-fields.service';
import { DocumentsService } from './documents.service';
import { parseListQuery } from './list-query';
import { ModuleCatalogue } from '../modules/module-catalogue';
import { moduleMeta } from './meta';
import { PostingService } from './posting.service';
import { PrintService } from './print.service';
import { RegisterReadService } from './register-read.service';
import { ConfigurationRegistry } from './registry';
import { reportPdf } from './report-pdf';
import { ReportsService } from './reports.service';
import { UserDefaultsService } from './user-defaults';

export { EngineSettingsController } from './settings.controller';

type RawQuery = Record<string, unknown>;

/**
 * The generic REST API every declaration gets: `/api/<module>/catalogs/<code>`, `/documents/<code>`,
 * `/registers/<code>/{balance,turnover,movements}`, `/reports/<code>`, and `/meta` for the UI. The
 * access guard checks that the tenant bought `<module>` and that the role allows the action on
 * `<module>.<code>`; the services do the rest. Concrete OpenAPI entries per declaration are generated
 * in openapi.ts.
 */
@ApiExcludeController()
@ForModule(FROM_ROUTE)
@Controller('api/:module')
export class EngineController {
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly catalogs: CatalogsService,
    private readonly documents: DocumentsService,
    private readonly posting: PostingService,
    private readonly registers: RegisterReadService,
    private readonly reports: ReportsService,
    private readonly printing: PrintService,
    private readonly customFields: CustomFieldsService,
    private readonly catalogue: ModuleCatalogue,
    private readonly userDefaults: UserDefaultsService,
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
    const defaults = await this.userDefaults.of(ctx, this.userDefaults.catalogs(module).map((c) => c.subject));
    return moduleMeta(this.registry, this.customFields, ctx, module, this.catalogue.definition(module)?.definition.menuGroups ?? [], defaults, this.catalogue.definitions());
  }

  /** The caller's own «Основные значения для подстановки»: their main item of each catalog the module's documents take one of. */
  @Get('user-defaults')
  userDefaultsOf(@Ctx() ctx: TenantRequestContext, @Param('module') module: string) {
    return this.userDefaults.list(ctx, module);
  }

  /** Sets or clears (null) the caller's main items: `{ "trade.organizations": "<id>" }`; answers the settings as GET does. */
  @Put('user-defaults')
  setUserDefaults(@Ctx() ctx: TenantRequestContext, @Param('module') module: string, @Body() body: unknown) {
    return this.userDefaults.set(ctx, module, body);
  }

  @Get('catalogs/:code')
  @Allow('read', FROM_ROUTE)
  listCatalog(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: RawQuery) {
    return this.catalogs.list(ctx, this.catalog(m, code), parseListQuery(q));
  }

  @Post('catalogs/:code')
  @Allow('create', FROM_ROUTE)
  createCatalogItem(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Body() body: unknown) {
    return this.catalogs.create(ctx, this.catalog(m, code), body);
  }

  @Get('catalogs/:code/:id')
  @Allow('read', FROM_ROUTE)
  getCatalogItem(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.catalogs.get(ctx, this.catalog(m, code), id);
  }

  @Patch('catalogs/:code/:id')
  @Allow('update', FROM_ROUTE)
  updateCatalogItem(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string, @Body() body: unknown) {
    return this.catalogs.update(ctx, this.catalog(m, code), id, body);
  }

  @Delete('catalogs/:code/:id')
  @Allow('delete', FROM_ROUTE)
  markDeleted(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.catalogs.markDeleted(ctx, this.catalog(m, code), id, true);
  }

  @Post('catalogs/:code/:id/restore')
  @HttpCode(200)
  @Allow('delete', FROM_ROUTE)
  restore(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.catalogs.markDeleted(ctx, this.catalog(m, code), id, false);
  }

  @Get('documents/:code')
  @Allow('read', FROM_ROUTE)
  listDocuments(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: RawQuery) {
    return this.documents.list(ctx, this.document(m, code), parseListQuery(q));
  }

  @Post('documents/:code')
  @Allow('create', FROM_ROUTE)
  createDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Body() body: unknown, @Query('post') post?: string) {
    return this.documents.create(ctx, this.document(m, code), body, { post: post === 'true' });
  }

  /** The form's live totals: the same `compute` the server runs on save, nothing stored. */
  @Post('documents/:code/compute')
  @HttpCode(200)
  @Allow('read', FROM_ROUTE)
  computeDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Body() body: unknown) {
    return this.documents.compute(ctx, this.document(m, code), body);
  }

  @Get('documents/:code/:id')
  @Allow('read', FROM_ROUTE)
  getDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.documents.get(ctx, this.document(m, code), id);
  }

  @Patch('documents/:code/:id')
  @Allow('update', FROM_ROUTE)
  updateDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string, @Body() body: unknown) {
    return this.documents.update(ctx, this.document(m, code), id, body);
  }

  @Delete('documents/:code/:id')
  @HttpCode(204)
  @Allow('delete', FROM_ROUTE)
  async deleteDocument(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    await this.documents.delete(ctx, this.document(m, code), id);
  }

  @Post('documents/:code/:id/post')
  @HttpCode(200)
  @Allow('post', FROM_ROUTE)
  post(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.posting.post(ctx, this.document(m, code), id);
  }

  @Post('documents/:code/:id/cancel')
  @HttpCode(200)
  @Allow('post', FROM_ROUTE)
  cancel(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.posting.cancel(ctx, this.document(m, code), id);
  }

  /** The document's movements in every register of its module the caller may read. */
  @Get('documents/:code/:id/movements')
  @Allow('read', FROM_ROUTE)
  documentMovements(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string) {
    return this.registers.documentMovements(ctx, this.document(m, code), id);
  }

  @Get('documents/:code/:id/print/:form')
  @Allow('read', FROM_ROUTE)
  async print(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Param('id') id: string, @Param('form') form: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const printed = await this.printing.print(ctx, this.document(m, code), id, form);
    reply.header('Content-Type', printed.contentType);
    reply.header('Content-Disposition', printed.disposition);
    return printed.content;
  }

  @Get('registers/:code/balance')
  @Allow('read', FROM_ROUTE)
  balance(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: RawQuery) {
    return this.registers.balance(ctx, m, code, q);
  }

  @Get('registers/:code/turnover')
  @Allow('read', FROM_ROUTE)
  turnover(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: RawQuery) {
    return this.registers.turnover(ctx, m, code, q);
  }

  @Get('registers/:code/movements')
  @Allow('read', FROM_ROUTE)
  movements(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: RawQuery) {
    return this.registers.movements(ctx, m, code, q);
  }

  @Get('reports/:code')
  @Allow('read', FROM_ROUTE)
  async report(@Ctx() ctx: TenantRequestContext, @Param('module') m: string, @Param('code') code: string, @Query() q: RawQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const decl = this.registry.report(m, code);
    if (!decl) throw Problem.notFound(`Отчёта «${code}» нет в модуле «${m}».`);
    const result = await this.reports.run(ctx, decl, q);
    if (q.format === 'pdf') {
      reply.header('Content-Type', 'application/pdf');
      reply.header('Content-Disposition', `inline; filename="${encodeURIComponent(code)}.pdf"; filename*=UTF-8''${encodeURIComponent(`${decl.title}.pdf`)}`);
      return reportPdf(decl, result);
    }
    if (q.format !== 'xlsx') return result;
    const file = await this.reports.xlsx(decl, result);
    reply.header('Content-Type', file.contentType);
    reply.header('Content-Disposition', `attachment; filename="${encodeURIComponent(code)}.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    return file.content;
  }
}
