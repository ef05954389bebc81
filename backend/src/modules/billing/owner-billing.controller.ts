import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Ctx, OwnerOnly, type RequestContext } from '../../platform/access/request-context';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { uuidParam, ValidBody, ValidQuery } from '../../platform/http/validation';
import { listInvoices, listPayments } from './admin-billing.controller';
import { BankStatementsService } from './bank-statements.service';
import { BillingService } from './billing.service';
import { BillingClock } from './clock';
import { sendPdf } from './http';
import { InvoicingService } from './invoicing.service';
import { MetricsService } from './metrics.service';
import { PaymentsService } from './payments.service';
import { BillingSettingsService } from './settings.service';
import { SubscriptionsService } from './subscriptions.service';

const settingsSchema = z.object({
  trialDays: z.number().int().min(0).max(365).optional(),
  paymentDueDays: z.number().int().min(0).max(90).optional(),
  graceDays: z.number().int().min(0).max(365).optional(),
  reminderEveryDays: z.number().int().min(1).max(60).optional(),
  retentionDays: z.number().int().min(0).max(3650).optional(),
});
const invoiceQuery = z.object({ status: z.enum(['open', 'paid', 'void']).optional(), tenantId: z.uuid().optional() });
const paymentQuery = z.object({ unmatched: z.enum(['true', 'false']).optional(), tenantId: z.uuid().optional() });
const matchSchema = z.object({ invoiceId: z.uuid({ message: 'Укажите счёт (invoiceId)' }) });
const refundSchema = z.object({
  amountKopecks: z.number().int('Сумма — целое число копеек').positive('Сумма возврата больше нуля'),
  reason: z.string().trim().min(3, 'Укажите причину возврата').max(500),
});
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Месяц в виде ГГГГ-ММ');
const metricsQuery = z.object({ from: month, to: month });
const voidSchema = z.object({ reason: z.string().trim().min(3, 'Укажите причину аннулирования').max(500) });
const archiveSchema = z.object({ force: z.boolean().default(false) });

/** The owner's billing console: clients, invoices, payments, bank statements, metrics. */
@ApiTags('Владелец: биллинг')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner/billing')
export class OwnerBillingController {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly settings: BillingSettingsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly invoicing: InvoicingService,
    private readonly payments: PaymentsService,
    private readonly statements: BankStatementsService,
    private readonly metrics: MetricsService,
    private readonly billing: BillingService,
    private readonly audit: AuditService,
  ) {}

  @Get('settings')
  @ApiOperation({ summary: 'Правила биллинга: пробный период, срок оплаты, отсрочка до приостановки, напоминания, срок хранения' })
  getSettings() {
    return this.settings.get();
  }

  @Put('settings')
  @ApiOperation({ summary: 'Изменить правила биллинга (действуют для следующих событий)' })
  async putSettings(@Ctx() ctx: RequestContext, @ValidBody(settingsSchema) body: z.infer<typeof settingsSchema>) {
    const result = await this.settings.update(body);
    await this.audit.record({ tenantId: null, userId: ctx.principal.userId, action: 'update', entity: 'BillingSettings', after: body });
    return result;
  }

  @Get('clients')
  @ApiOperation({ summary: 'Клиенты: статус, модули, сумма в месяц, баланс, последний платёж, активность входов' })
  async clients() {
    await this.subscriptions.ensureAccounts();
    const { rows } = await this.db.knex.raw(
      `SELECT t.id, t.name, t.inn, t.status, t.trial_ends_on AS "trialEndsOn", a.canceled_on AS "canceledOn", a.retain_until AS "retainUntil",
              array(SELECT module_code FROM platform.tenant_modules tm WHERE tm.tenant_id = t.id ORDER BY 1) AS modules,
              (SELECT coalesce(sum(m.monthly_price_kopecks), 0) FROM platform.tenant_modules tm JOIN platform.modules m ON m.code = tm.module_code WHERE tm.tenant_id = t.id)::bigint AS "monthlyKopecks",
              -- balance: money received (less refunds) minus everything invoiced; negative = the client owes
              ((SELECT coalesce(sum(p.amount_kopecks - p.refunded_kopecks), 0) FROM platform.billing_payments p WHERE p.tenant_id = t.id AND p.status = 'succeeded')
               - (SELECT coalesce(sum(i.total_kopecks), 0) FROM platform.billing_invoices i WHERE i.tenant_id = t.id AND i.status <> 'void'))::bigint AS "balanceKopecks",
              (SELECT max(p.paid_at) FROM platform.billing_payments p WHERE p.tenant_id = t.id AND p.status = 'succeeded') AS "lastPaymentAt",
              (SELECT max(at) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success) AS "lastSignInAt",
              (SELECT count(DISTINCT lj.user_id) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success AND lj.at > now() - interval '30 days')::int AS "activeUsers30d",
              (SELECT count(*) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success AND lj.at > now() - interval '30 days')::int AS "signIns30d"
         FROM platform.tenants t LEFT JOIN platform.billing_accounts a ON a.tenant_id = t.id
        ORDER BY t.created_at DESC`,
    );
    return { items: rows.map((r: Record<string, unknown>) => ({ ...r, monthlyKopecks: Number(r.monthlyKopecks), balanceKopecks: Number(r.balanceKopecks) })) };
  }

  @Get('clients/:id')
  @ApiOperation({ summary: 'Карточка клиента: подписка, счета, платежи, возвраты, события' })
  async client(@Param('id') id: string) {
    const tenantId = uuidParam.parse(id);
    const tenant = await this.db.knex('platform.tenants').where({ id: tenantId }).first('id', 'name', 'inn', 'kpp', 'status', 'trial_ends_on as trialEndsOn', 'created_at as createdAt');
    if (!tenant) throw Problem.notFound('Клиент не найден.');
    const subscription = await this.subscriptions.overview(tenantId);
    const account = await this.db.knex('platform.billing_accounts').where({ tenant_id: tenantId }).first('trial_started_on as trialStartedOn', 'next_period_start as nextPeriodStart', 'first_paid_at as firstPaidAt', 'canceled_on as canceledOn', 'retain_until as retainUntil', 'archived_on as archivedOn', 'deletion_due_on as deletionDueOn');
    const refunds = await this.db.knex('platform.billing_refunds as r').join('platform.billing_payments as p', 'p.id', 'r.payment_id').where('p.tenant_id', tenantId).orderBy('r.created_at', 'desc').select('r.id', 'r.payment_id as paymentId', 'r.amount_kopecks as amountKopecks', 'r.refunded_on as refundedOn', 'r.reason', 'r.status', 'r.error');
    const events = await this.db.knex('platform.billing_events').where({ tenant_id: tenantId }).orderBy('id', 'desc').limit(200).select('id', 'at', 'on_date as onDate', 'kind', 'message', 'invoice_id as invoiceId');
    return {
      ...tenant,
      account,
      subscription,
      invoices: await listInvoices(this.db, { tenantId }),
      payments: await listPayments(this.db, { tenantId }),
      refunds: refunds.map((r) => ({ ...r, amountKopecks: Number(r.amountKopecks) })),
      events: events.map((e) => ({ ...e, id: Number(e.id) })),
    };
  }

  @Post('clients/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Отменить подписку клиента (по его просьбе): работа останавливается, данные хранятся' })
  cancel(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.subscriptions.cancel(uuidParam.parse(id), ctx.principal.userId);
  }

  @Post('clients/:id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'После срока хранения: клиент в архив, дата выгрузки и удаления данных (tenant-provisioner export / delete)' })
  archive(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(archiveSchema) body: z.infer<typeof archiveSchema>) {
    return this.subscriptions.archive(uuidParam.parse(id), ctx.principal.userId, body.force);
  }

  @Get('invoices')
  @ApiOperation({ summary: 'Все счета (фильтры: status, tenantId)' })
  async invoices(@ValidQuery(invoiceQuery) query: z.infer<typeof invoiceQuery>) {
    return { items: await listInvoices(this.db, query) };
  }

  @Get('overdue')
  @ApiOperation({ summary: 'Просроченные счета: не оплачены после срока' })
  async overdue() {
    return { items: await listInvoices(this.db, { overdueOn: this.clock.today() }) };
  }

  @Post('invoices/:id/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Аннулировать неоплаченный счёт (списать долг)' })
  voidInvoice(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(voidSchema) body: z.infer<typeof voidSchema>) {
    return this.payments.voidInvoice(uuidParam.parse(id), body.reason, ctx.principal.userId);
  }

  @Get('invoices/:id/pdf')
  async invoicePdf(@Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.invoicePdf(uuidParam.parse(id)));
  }

  @Get('acts/:id/pdf')
  async actPdf(@Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.actPdf(uuidParam.parse(id)));
  }

  @Get('payments')
  @ApiOperation({ summary: 'Платежи (unmatched=true — несопоставленные поступления для ручного сопоставления)' })
  async paymentList(@ValidQuery(paymentQuery) query: z.infer<typeof paymentQuery>) {
    return { items: await listPayments(this.db, { tenantId: query.tenantId, unmatched: query.unmatched === 'true' }) };
  }

  @Post('payments/:id/match')
  @HttpCode(200)
  @ApiOperation({ summary: 'Сопоставить поступление со счётом вручную' })
  match(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(matchSchema) body: z.infer<typeof matchSchema>) {
    return this.payments.matchManually(uuidParam.parse(id), body.invoiceId, ctx.principal.userId);
  }

  @Post('payments/:id/refunds')
  @ApiOperation({ summary: 'Возврат денег плательщику: карта/СБП — через банк (ЮKassa, Т-Банк, Сбербанк) с чеком возврата; перевод — записывается (деньги возвращает платёжное поручение владельца)' })
  refund(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(refundSchema) body: z.infer<typeof refundSchema>) {
    return this.payments.refundByOwner(uuidParam.parse(id), body.amountKopecks, body.reason, ctx.principal.userId);
  }

  @Get('refunds')
  @ApiOperation({ summary: 'Возвраты денег плательщикам' })
  async refunds() {
    const rows = await this.db.knex('platform.billing_refunds as r')
      .join('platform.billing_payments as p', 'p.id', 'r.payment_id')
      .leftJoin('platform.tenants as t', 't.id', 'p.tenant_id')
      .orderBy('r.created_at', 'desc')
      .limit(500)
      .select('r.id', 'r.payment_id as paymentId', 'p.tenant_id as tenantId', 't.name as tenantName', 'p.method', 'r.amount_kopecks as amountKopecks', 'r.refunded_on as refundedOn', 'r.reason', 'r.status', 'r.error');
    return { items: rows.map((r) => ({ ...r, amountKopecks: Number(r.amountKopecks) })) };
  }

  @Post('bank-statements')
  @ApiBody({ description: 'Файл выписки 1CClientBankExchange как есть (windows-1251 или DOS), Content-Type: application/octet-stream', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Загрузить выписку по счёту платформы: поступления сопоставляются со счетами по номеру, ИНН и сумме' })
  importStatement(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    if (!Buffer.isBuffer(body)) throw Problem.badRequest('Пришлите файл выписки телом запроса с Content-Type: application/octet-stream.');
    return this.statements.import(body, ctx.principal.userId);
  }

  @Get('webhooks')
  @ApiOperation({ summary: 'Журнал уведомлений банков (status=rejected — отклонённые как поддельные)' })
  async webhooks(@ValidQuery(z.object({ status: z.enum(['received', 'processed', 'duplicate', 'rejected', 'failed']).optional() })) query: { status?: string }) {
    const q = this.db.knex('platform.billing_webhook_inbox').orderBy('id', 'desc').limit(200).select('id', 'provider', 'received_at as receivedAt', 'ip', 'status', 'event_key as eventKey', 'error');
    if (query.status) q.where({ status: query.status });
    return { items: (await q).map((r) => ({ ...r, id: Number(r.id) })) };
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Метрики по месяцам: MRR/ARR и движения, отток, конверсия триалов, ARPU, LTV, DAU/MAU, выручка по модулям, NPS' })
  metricsByMonth(@ValidQuery(metricsQuery) query: z.infer<typeof metricsQuery>) {
    if (query.from > query.to) throw Problem.badRequest('Начало периода позже конца.');
    return this.metrics.monthly(query.from, query.to, this.clock.today());
  }

  @Post('run-cycle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Запустить биллинговый цикл сейчас (обычно его запускает таймер)' })
  runCycle() {
    return this.billing.runCycle(this.clock.now());
  }
}
