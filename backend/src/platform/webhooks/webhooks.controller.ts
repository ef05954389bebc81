import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { Answers } from '../http/openapi-responses';
import { uuidParam, ValidBody, ValidQuery } from '../http/validation';
import { assertDeliverableUrl } from './addresses';
import { WEBHOOK_EVENTS } from './subscriber';
import { createdWebhookSchema, deliveriesSchema, deliverySchema, webhookEventsSchema, webhookSchema, webhooksSchema } from './webhooks.schemas';

const createBody = z.object({
  url: z.string().trim().min(1, 'Укажите адрес вебхука').max(2000),
  events: z
    .array(z.enum(Object.keys(WEBHOOK_EVENTS) as [string, ...string[]], { message: `Событие — одно из: ${Object.keys(WEBHOOK_EVENTS).join(', ')}` }))
    .min(1, 'Выберите хотя бы одно событие'),
});
const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const deliveryId = z.string().regex(/^\d{1,18}$/, 'Номер доставки — целое число');

const deliveryColumns = [
  'd.id',
  'd.webhook_id as webhookId',
  'd.event_type as eventType',
  'd.status',
  'd.attempts',
  'd.next_attempt_at as nextAttemptAt',
  'd.last_attempt_at as lastAttemptAt',
  'd.response_status as responseStatus',
  'd.response_body as responseBody',
  'd.last_error as lastError',
  'd.delivered_at as deliveredAt',
  'd.created_at as createdAt',
  'd.body',
];

/** «Вебхуки»: the company's URLs that receive engine events, their delivery log and «Отправить ещё раз». */
@ApiTags('Администрирование: вебхуки')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/webhooks')
export class WebhooksController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'webhooks'>,
  ) {}

  private hooks(tenantId: string) {
    const k = this.db.knex;
    return k('platform.webhooks as w')
      .where('w.tenant_id', tenantId)
      .orderBy('w.created_at', 'desc')
      .select(
        'w.id',
        'w.url',
        'w.events',
        'w.active',
        'w.created_at as createdAt',
        k.raw(`(SELECT count(*)::int FROM platform.webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') AS pending`),
        k.raw(`(SELECT count(*)::int FROM platform.webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'failed') AS failed`),
      );
  }

  @Get()
  @Allow('update', 'CompanySettings')
  @ApiOperation({ summary: 'Вебхуки компании' })
  @Answers(webhooksSchema, 'Вебхуки, новые первыми')
  list(@Ctx() ctx: TenantRequestContext) {
    return this.hooks(ctx.tenant.id);
  }

  @Get('events')
  @Allow('update', 'CompanySettings')
  @ApiOperation({ summary: 'События, на которые можно подписать вебхук' })
  @Answers(webhookEventsSchema, 'События')
  events() {
    return Object.entries(WEBHOOK_EVENTS).map(([type, t]) => ({ type, title: t.ru, titleEn: t.en }));
  }

  @Post()
  @Allow('update', 'CompanySettings')
  @ApiOperation({
    summary: 'Добавить вебхук',
    description: 'События отправляются POST-запросом с JSON и заголовком X-WorkCloud-Signature: t=<unix>,v1=<hex HMAC-SHA256(секрет, t + "." + тело)>. Адреса внутренней сети запрещены.',
  })
  @Answers(createdWebhookSchema, 'Вебхук с секретом подписи (показывается один раз)', 201)
  async create(@Ctx() ctx: TenantRequestContext, @ValidBody(createBody) body: z.infer<typeof createBody>) {
    const url = await assertDeliverableUrl(body.url, this.config.webhooks.allowPrivate);
    const id = randomUUID();
    const secret = 'whsec_' + randomBytes(24).toString('base64url');
    const events = [...new Set(body.events)];
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.webhooks').insert({ id, tenant_id: ctx.tenant.id, url: url.toString(), events, secret, created_by: ctx.principal.userId });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, apiKeyId: ctx.apiKeyId, ip: ctx.ip, action: 'create', entity: 'Webhook', entityId: id, after: { url: url.toString(), events } }, trx);
    });
    const created = (await this.hooks(ctx.tenant.id)).find((w) => w.id === id);
    return { ...created, secret };
  }

  @Delete(':id')
  @Allow('update', 'CompanySettings')
  @ApiOperation({ summary: 'Удалить вебхук вместе с журналом его доставок' })
  @Answers(webhookSchema, 'Удалённый вебхук')
  async remove(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const hook = (await this.hooks(ctx.tenant.id)).find((w) => w.id === uuidParam.parse(id));
    if (!hook) throw Problem.notFound('Такого вебхука в компании нет.');
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.webhooks').where({ id: hook.id, tenant_id: ctx.tenant.id }).delete();
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, apiKeyId: ctx.apiKeyId, ip: ctx.ip, action: 'delete', entity: 'Webhook', entityId: hook.id, before: { url: hook.url, events: hook.events } }, trx);
    });
    return hook;
  }

  @Get(':id/deliveries')
  @Allow('update', 'CompanySettings')
  @ApiOperation({ summary: 'Журнал доставок вебхука: что отправлено, что ответил получатель, когда следующая попытка' })
  @Answers(deliveriesSchema, 'Доставки, новые первыми')
  async deliveries(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidQuery(deliveriesQuery) query: z.infer<typeof deliveriesQuery>) {
    const q = this.db.knex('platform.webhook_deliveries as d').where({ 'd.webhook_id': uuidParam.parse(id), 'd.tenant_id': ctx.tenant.id });
    const [{ total }] = await q.clone().count<{ total: string }[]>('* as total');
    const items = await q.orderBy('d.id', 'desc').limit(query.limit).offset(query.offset).select(deliveryColumns);
    return { items, total: Number(total) };
  }

  @Post('deliveries/:deliveryId/resend')
  @HttpCode(200)
  @Allow('update', 'CompanySettings')
  @ApiOperation({ summary: 'Отправить ещё раз: доставка уходит при ближайшей рассылке (в пределах WEBHOOKS_DISPATCH_SECONDS)' })
  @Answers(deliverySchema, 'Доставка, поставленная в очередь')
  async resend(@Ctx() ctx: TenantRequestContext, @Param('deliveryId') raw: string) {
    const idOf = deliveryId.parse(raw);
    const k = this.db.knex;
    // A fresh series of attempts: the retry schedule starts over.
    const updated = await k('platform.webhook_deliveries').where({ id: idOf, tenant_id: ctx.tenant.id }).update({ status: 'pending', attempts: 0, next_attempt_at: k.fn.now() }).returning('id');
    if (!updated.length) throw Problem.notFound('Такой доставки в журнале вебхуков компании нет.');
    await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, apiKeyId: ctx.apiKeyId, ip: ctx.ip, action: 'resend', entity: 'WebhookDelivery', entityId: String(idOf) });
    return k('platform.webhook_deliveries as d').where('d.id', idOf).first(deliveryColumns);
  }
}
