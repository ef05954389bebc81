import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Ctx, OwnerOnly, type RequestContext } from '../../platform/access/request-context';
import { AuditService } from '../../platform/audit/audit.service';
import { BodyTypes, FILE_BODY_TYPES } from '../../platform/http/body';
import { Problem } from '../../platform/http/problem';
import { ValidBody, ValidQuery } from '../../platform/http/validation';
import { pathId } from '../../platform/owner/path-id';
import { AttentionService } from './attention.service';
import { BankStatementsService } from './bank-statements.service';
import { BillingRecordsService } from './billing-records.service';
import { BillingService } from './billing.service';
import { BillingClock } from './clock';
import { sendPdf } from './http';
import { InvoicingService } from './invoicing.service';
import { MetricsService } from './metrics.service';
import { OwnerBillingService } from './owner-billing.service';
import { PaymentsService } from './payments.service';
import { BillingSettingsService } from './settings.service';
import { SubscriptionsService } from './subscriptions.service';
import { Answers, AnswersFile, int, objectOf } from '../../platform/http/openapi-responses';
import { attentionSchema, clientCardSchema, cycleReportSchema, described, invoicesSchema, listOf, metricsSchema, moneySchema, paymentsSchema, resolvedSchema, statementImportSchema, strSchema, webhookInboxSchema } from './billing.schemas';

const settingsSchema = z.object({
  trialDays: z.number().int().min(0).max(365).optional(),
  paymentDueDays: z.number().int().min(0).max(90).optional(),
  graceDays: z.number().int().min(0).max(365).optional(),
  reminderEveryDays: z.number().int().min(1).max(60).optional(),
  remindBeforeDays: z.number().int('Дней до срока — целое число').min(0, 'Дней до срока — от 0 до 30').max(30, 'Дней до срока — от 0 до 30').optional(),
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
const metricsQuery = z.object({ from: month, to: month }).refine((q) => q.from <= q.to, { message: 'Начало периода позже конца.', path: ['from'] });
const webhookQuery = z.object({ status: z.enum(['received', 'processed', 'duplicate', 'rejected', 'failed']).optional() });
const voidSchema = z.object({ reason: z.string().trim().min(3, 'Укажите причину аннулирования').max(500) });
const archiveSchema = z.object({ force: z.boolean().default(false) });
const resolveSchema = z.object({
  action: z.enum(['note', 'refund', 'carry'], { message: 'Действие: note (отметить), refund (вернуть переплату) или carry (зачесть в следующий счёт)' }).default('note'),
  comment: z.string({ message: 'Напишите комментарий: что сделано с платежом' }).trim().min(3, 'Напишите комментарий: что сделано с платежом').max(500),
});

/** The owner's billing console: clients, invoices, payments, bank statements, metrics. */
@ApiTags('Владелец: биллинг')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner/billing')
export class OwnerBillingController {
  constructor(
    private readonly owner: OwnerBillingService,
    private readonly records: BillingRecordsService,
    private readonly clock: BillingClock,
    private readonly settings: BillingSettingsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly invoicing: InvoicingService,
    private readonly payments: PaymentsService,
    private readonly statements: BankStatementsService,
    private readonly metrics: MetricsService,
    private readonly billing: BillingService,
    private readonly audit: AuditService,
    private readonly attention: AttentionService,
  ) {}

  @Get('settings')
  @ApiOperation({ summary: 'Правила биллинга: пробный период, срок оплаты, отсрочка до приостановки, напоминания, срок хранения' })
  @Answers(objectOf({ trialDays: int('Дней пробного периода'), paymentDueDays: int('Дней на оплату счёта'), graceDays: int('Дней отсрочки до приостановки'), reminderEveryDays: int('Как часто напоминать'), remindBeforeDays: int('За сколько дней до срока оплаты напомнить (0 — только в день срока)'), retentionDays: int('Сколько дней хранить данные после отмены') }), 'Настройки биллинга')
  getSettings() {
    return this.settings.get();
  }

  @Put('settings')
  @ApiOperation({ summary: 'Изменить правила биллинга (действуют для следующих событий)' })
  @Answers(objectOf({ trialDays: int(), paymentDueDays: int(), graceDays: int(), reminderEveryDays: int(), remindBeforeDays: int(), retentionDays: int() }), 'Настройки после изменения')
  async putSettings(@Ctx() ctx: RequestContext, @ValidBody(settingsSchema) body: z.infer<typeof settingsSchema>) {
    const result = await this.settings.update(body);
    await this.audit.record({ tenantId: null, userId: ctx.principal.userId, action: 'update', entity: 'BillingSettings', after: body });
    return result;
  }

  @Get('clients')
  @ApiOperation({ summary: 'Клиенты: статус, модули, сумма в месяц, баланс, последний платёж, активность входов' })
  @Answers(described('Клиенты с суммой подписки и балансом', { items: listOf('Клиенты', described('Клиент', { monthlyKopecks: moneySchema('Подписка за месяц'), balanceKopecks: moneySchema('Баланс') })) }), 'Клиенты')
  clients() {
    return this.owner.clients();
  }

  @Get('clients/:id')
  @ApiOperation({ summary: 'Карточка клиента: подписка, счета, платежи, возвраты, события' })
  @Answers(clientCardSchema, 'Карточка клиента')
  client(@Param('id') id: string) {
    return this.owner.client(id);
  }

  @Post('clients/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Отменить подписку клиента (по его просьбе): работа останавливается, данные хранятся' })
  @Answers(described('Подписка отменена', { canceledOn: strSchema(undefined, { format: 'date' }), retainUntil: strSchema(undefined, { format: 'date' }), creditKopecks: moneySchema('Возврат за неиспользованные дни месяца, на который выставлен счёт (на баланс клиента)') }), 'Подписка отменена')
  cancel(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.subscriptions.cancel(pathId(id, 'Клиент не найден.'), ctx.principal.userId);
  }

  @Post('clients/:id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'После срока хранения: клиент в архив, дата выгрузки и удаления данных (tenant-provisioner export / delete)' })
  @Answers(described('Клиент в архиве', { archivedOn: strSchema(undefined, { format: 'date' }), deletionDueOn: strSchema(undefined, { format: 'date' }) }), 'Клиент в архиве')
  archive(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(archiveSchema) body: z.infer<typeof archiveSchema>) {
    return this.subscriptions.archive(pathId(id, 'Клиент не найден.'), ctx.principal.userId, body.force);
  }

  @Get('invoices')
  @ApiOperation({ summary: 'Все счета (фильтры: status, tenantId)' })
  @Answers(invoicesSchema, 'Счета')
  async invoices(@ValidQuery(invoiceQuery) query: z.infer<typeof invoiceQuery>) {
    return { items: await this.records.invoices(query) };
  }

  @Get('overdue')
  @ApiOperation({ summary: 'Просроченные счета: не оплачены после срока' })
  @Answers(invoicesSchema, 'Просроченные счета')
  async overdue() {
    return { items: await this.records.invoices({ overdueOn: this.clock.today() }) };
  }

  @Post('invoices/:id/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Аннулировать неоплаченный счёт (списать долг)' })
  @Answers(described('Счёт аннулирован', { invoiceId: strSchema(undefined, { format: 'uuid' }), status: strSchema(undefined, { enum: ['void'] }) }), 'Счёт аннулирован')
  voidInvoice(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(voidSchema) body: z.infer<typeof voidSchema>) {
    return this.payments.voidInvoice(pathId(id, 'Счёт не найден.'), body.reason, ctx.principal.userId);
  }

  @Get('invoices/:id/pdf')
  @AnswersFile('application/pdf', 'Счёт в PDF')
  async invoicePdf(@Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.invoicePdf(pathId(id, 'Счёт не найден.')));
  }

  @Get('acts/:id/pdf')
  @AnswersFile('application/pdf', 'Акт в PDF')
  async actPdf(@Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.actPdf(pathId(id, 'Акт не найден.')));
  }

  @Get('payments')
  @ApiOperation({ summary: 'Платежи (unmatched=true — несопоставленные поступления для ручного сопоставления)' })
  @Answers(paymentsSchema, 'Платежи')
  async paymentList(@ValidQuery(paymentQuery) query: z.infer<typeof paymentQuery>) {
    return { items: await this.records.payments({ tenantId: query.tenantId, unmatched: query.unmatched === 'true' }) };
  }

  @Get('payments/attention')
  @ApiOperation({ summary: '«Требуют внимания»: платежи, сумма которых отличается от запрошенной (недоплата — счёт открыт на остаток; переплата — на балансе)' })
  @Answers(attentionSchema, 'Платежи с суммой не как в счёте')
  async attentionList() {
    return { items: await this.records.attention() };
  }

  @Post('payments/:id/attention/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Разобрать платёж из «Требуют внимания» с комментарием: просто отметить (note), вернуть переплату через банк (refund) или зачесть её в следующий счёт (carry)' })
  @Answers(resolvedSchema, 'Платёж разобран')
  resolveAttention(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(resolveSchema) body: z.infer<typeof resolveSchema>) {
    return this.attention.resolve(pathId(id, 'Платёж не найден.'), body.action, body.comment, ctx.principal.userId);
  }

  @Post('payments/:id/match')
  @HttpCode(200)
  @ApiOperation({ summary: 'Сопоставить поступление со счётом вручную' })
  @Answers(described('Платёж привязан к счёту', { paymentId: strSchema(undefined, { format: 'uuid' }), invoiceId: strSchema(undefined, { format: 'uuid' }) }), 'Платёж привязан')
  match(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(matchSchema) body: z.infer<typeof matchSchema>) {
    return this.payments.matchManually(pathId(id, 'Платёж не найден.'), body.invoiceId, ctx.principal.userId);
  }

  @Post('payments/:id/refunds')
  @ApiOperation({ summary: 'Возврат денег плательщику: карта/СБП — через банк (ЮKassa, Т-Банк, Сбербанк) с чеком возврата; перевод — записывается (деньги возвращает платёжное поручение владельца)' })
  @Answers(described('Возврат', { id: strSchema(undefined, { format: 'uuid' }), paymentId: strSchema(undefined, { format: 'uuid' }), amountKopecks: moneySchema('Сумма возврата'), status: strSchema('pending или succeeded') }), 'Возврат оформлен', 201)
  refund(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(refundSchema) body: z.infer<typeof refundSchema>) {
    return this.payments.refundByOwner(pathId(id, 'Платёж не найден.'), body.amountKopecks, body.reason, ctx.principal.userId);
  }

  @Get('refunds')
  @ApiOperation({ summary: 'Возвраты денег плательщикам' })
  @Answers(described('Возвраты', { items: listOf('Возвраты', described('Возврат', { amountKopecks: moneySchema('Сумма возврата') })) }), 'Возвраты')
  refunds() {
    return this.owner.refunds();
  }

  @Post('bank-statements')
  @BodyTypes(FILE_BODY_TYPES, 'файл выписки 1CClientBankExchange')
  @ApiBody({ description: 'Файл выписки 1CClientBankExchange как есть (windows-1251 или DOS), Content-Type: application/octet-stream или text/plain', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Загрузить выписку по счёту платформы: поступления сопоставляются со счетами по номеру, ИНН и сумме' })
  @Answers(statementImportSchema, 'Выписка загружена', 201)
  importStatement(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    if (!Buffer.isBuffer(body)) throw Problem.badRequest('Пришлите файл выписки телом запроса с Content-Type: application/octet-stream.');
    return this.statements.import(body, ctx.principal.userId);
  }

  @Get('webhooks')
  @ApiOperation({ summary: 'Журнал уведомлений банков (status=rejected — отклонённые как поддельные)' })
  @Answers(webhookInboxSchema, 'Уведомления провайдеров')
  webhooks(@ValidQuery(webhookQuery) query: z.infer<typeof webhookQuery>) {
    return this.owner.webhooks(query.status);
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Метрики по месяцам: MRR/ARR и движения, отток, конверсия триалов, ARPU, LTV, DAU/MAU, выручка по модулям, NPS' })
  @Answers({ ...metricsSchema, description: 'Метрики по месяцам (MRR, отток, ARPU — в копейках), LTV и NPS' }, 'Метрики')
  metricsByMonth(@ValidQuery(metricsQuery) query: z.infer<typeof metricsQuery>) {
    return this.metrics.monthly(query.from, query.to, this.clock.today());
  }

  @Post('run-cycle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Запустить биллинговый цикл сейчас (обычно его запускает таймер)' })
  @Answers({ ...cycleReportSchema, nullable: true, description: 'Отчёт цикла биллинга; null — цикл уже идёт в другом процессе' }, 'Цикл выполнен')
  runCycle() {
    return this.billing.runCycle(this.clock.now());
  }
}
