import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { buildAbility } from '../../platform/access/ability';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { APP_CONFIG } from '../../platform/cache/tokens';
import { Database } from '../../platform/database/database';
import { CatalogsService } from '../../platform/engine/catalogs.service';
import { catalogItemSchema } from '../../platform/engine/openapi-schemas';
import { catalogFields } from '../../platform/engine/records';
import { ConfigurationRegistry, tableOf } from '../../platform/engine/registry';
import { BodyTypes } from '../../platform/http/body';
import { Answers, AnswersFile } from '../../platform/http/openapi-responses';
import { Problem } from '../../platform/http/problem';
import { uuidParam, ValidQuery } from '../../platform/http/validation';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { attachments } from './tasks.catalog';

/** Largest attachment: 10 MiB (the body parser stops at 20). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** The kinds of files a task takes, by extension: documents, tables, pictures, archives — nothing a browser would run. */
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  zip: 'application/zip',
};

const uploadQuery = z.object({
  name: z
    .string({ message: '«Имя файла»: укажите имя файла с расширением, например ТЗ.pdf' })
    .trim()
    .min(1, '«Имя файла»: укажите имя файла с расширением, например ТЗ.pdf')
    .max(200, '«Имя файла»: не длиннее 200 символов')
    .refine((n) => !/[/\\\0]/.test(n), '«Имя файла»: без символов / и \\'),
});

/**
 * Files attached to tasks: `POST /api/projects/tasks/:id/attachments?name=…` with the file as the body
 * (application/octet-stream) stores it on local disk — `<data dir>/files/<company's schema>/projects/<uuid>` — and
 * makes an item of «Вложения задач»; `GET /api/projects/attachments/:id/file` gives it back.
 */
@ApiTags('projects: вложения задач')
@ApiBearerAuth()
@ForModule('projects')
@Controller('api/projects')
export class AttachmentsController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly catalogs: CatalogsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private dir(ctx: TenantRequestContext) {
    return path.join(this.config.dataDir, 'files', ctx.tenant.schema, 'projects');
  }

  @Post('tasks/:id/attachments')
  @Allow('update', 'projects.tasks')
  @BodyTypes(['application/octet-stream'], 'файл вложения')
  @ApiQuery({ name: 'name', description: 'Имя файла с расширением (pdf, txt, csv, doc, docx, xls, xlsx, odt, ods, png, jpg, jpeg, gif, webp, zip)' })
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'Файл как есть, Content-Type: application/octet-stream, не больше 10 МБ' })
  @ApiOperation({ summary: 'Приложить файл к задаче: файл хранится у компании, в списке «Вложения задач» — его имя, размер и тип' })
  @Answers(catalogItemSchema(attachments, catalogFields(attachments)), 'Файл приложен: запись «Вложения задач»', 201)
  async upload(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Req() req: FastifyRequest, @ValidQuery(uploadQuery) q: z.infer<typeof uploadQuery>) {
    const task = await this.db.knex(tenantTable(ctx.tenant.schema, 'c_projects_tasks')).where({ id: uuidParam.parse(id), deletion_mark: false }).first('id');
    if (!task) throw Problem.notFound('Задача не найдена.');
    const body = req.body as Buffer | undefined;
    if (!Buffer.isBuffer(body) || !body.length) throw Problem.badRequest('Файл пуст — выберите файл с содержимым.');
    if (body.length > MAX_ATTACHMENT_BYTES)
      throw new Problem(413, 'Файл слишком большой', `Файл «${q.name}» — ${(body.length / 1024 / 1024).toFixed(1)} МБ, а к задаче можно приложить файл не больше 10 МБ.`);
    const ext = path.extname(q.name).slice(1).toLowerCase();
    const type = TYPES[ext];
    if (!type)
      throw new Problem(415, 'Тип файла не поддерживается', `Файлы ${ext ? `«.${ext}»` : 'без расширения'} к задаче не прикладываются; можно: ${Object.keys(TYPES).join(', ')}.`);
    const stored = randomUUID();
    await mkdir(this.dir(ctx), { recursive: true, mode: 0o700 });
    const file = path.join(this.dir(ctx), stored);
    await writeFile(file, body, { mode: 0o600 });
    // No role may make the item by hand (it would point at no file): the route makes it with that right for this call.
    const withCreate = { ...ctx, ability: buildAbility([...ctx.rules, { action: 'create', subject: 'projects.attachments' }], ctx.principal.userId) };
    try {
      return await this.catalogs.create(withCreate, this.registry.catalog('projects', 'attachments')!, { name: q.name, owner_id: task.id, size: body.length, content_type: type, stored });
    } catch (e) {
      await rm(file, { force: true });
      throw e;
    }
  }

  @Get('attachments/:id/file')
  @Allow('read', 'projects.attachments')
  @ApiOperation({ summary: 'Файл вложения задачи' })
  @AnswersFile('application/octet-stream', 'Файл как есть; Content-Type — по расширению имени (pdf, png, xlsx…)')
  async download(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const decl = this.registry.catalog('projects', 'attachments')!;
    const item = await this.db.knex(tenantTable(ctx.tenant.schema, tableOf.catalog(decl))).where({ id: uuidParam.parse(id), deletion_mark: false }).first('name', 'content_type', 'stored');
    if (!item?.stored) throw Problem.notFound('Вложение не найдено.');
    const content = await readFile(path.join(this.dir(ctx), path.basename(item.stored))).catch(() => null);
    if (!content) throw Problem.notFound(`Файл вложения «${item.name}» не найден в хранилище.`);
    reply.header('Content-Type', item.content_type);
    reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(item.name)}`);
    reply.header('X-Content-Type-Options', 'nosniff');
    return content;
  }
}
