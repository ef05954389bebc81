import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type RequestContext } from '../../platform/access/request-context';
import { uuidParam, ValidBody } from '../../platform/http/validation';
import { AutopayService } from './autopay.service';
import { BillingRecordsService } from './billing-records.service';
import { sendPdf, tenantOf } from './http';
import { InvoicingService } from './invoicing.service';
import { PaymentsService } from './payments.service';
import { SubscriptionsService } from './subscriptions.service';
import { Answers, AnswersFile } from '../../platform/http/openapi-responses';
import { billingEventsSchema, described, invoicesSchema, moneySchema, paymentsSchema, savedCardSchema, strSchema, subscriptionSchema } from './billing.schemas';

const paySchema = z.object({
  provider: z.enum(['yookassa', 'tbank', 'sber', 'vtb', 'sbp'], { message: 'Способ оплаты: yookassa, tbank, sber, vtb или sbp' }),
  saveCard: z.boolean({ message: 'saveCard — true или false' }).default(false),
});

/**
 * The client's modules. Changing them needs `update` on Subscription and is refused while the company
 * is suspended (module 'admin' is not 'core'); reading works always.
 */
@ApiTags('Подписка компании')
@ApiBearerAuth()
@Controller('api/admin/subscription')
export class SubscriptionController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Подписка: статус, пробный период, модули с ценами, начисления к следующему счёту' })
  @Answers({ ...subscriptionSchema, description: 'Подписка компании: модули с ценами (копейки в месяц), сумма в месяц и ожидающие начисления' }, 'Подписка')
  get(@Ctx() ctx: RequestContext) {
    return this.subscriptions.overview(tenantOf(ctx).id);
  }

  @Post('modules/:code')
  @HttpCode(200)
  @ForModule('admin')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Подключить модуль сразу; за остаток оплаченного месяца — начисление пропорционально дням' })
  @Answers(described('Модуль подключён: начисление за остаток месяца и подписка после изменения', { module: strSchema(), chargeKopecks: moneySchema('Начислено за остаток месяца'), subscription: subscriptionSchema }), 'Модуль подключён')
  add(@Ctx() ctx: RequestContext, @Param('code') code: string) {
    return this.subscriptions.addModule(tenantOf(ctx).id, ctx.principal.userId, code);
  }

  @Delete('modules/:code')
  @ForModule('admin')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Отключить модуль сразу; за неиспользованные дни оплаченного месяца — зачёт в следующем счёте' })
  @Answers(described('Модуль отключён: возврат за остаток месяца и подписка после изменения', { module: strSchema(), chargeKopecks: moneySchema('Возврат за остаток месяца'), subscription: subscriptionSchema }), 'Модуль отключён')
  remove(@Ctx() ctx: RequestContext, @Param('code') code: string) {
    return this.subscriptions.removeModule(tenantOf(ctx).id, ctx.principal.userId, code);
  }

  @Post('cancel')
  @HttpCode(200)
  @ForModule('admin')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Отменить подписку: работа останавливается, данные хранятся срок хранения' })
  @Answers(described('Подписка отменена', { canceledOn: strSchema('Дата отмены', { format: 'date' }), retainUntil: strSchema('Данные хранятся до', { format: 'date' }), creditKopecks: moneySchema('Возврат за неиспользованные дни месяца, на который выставлен счёт (на баланс клиента)') }), 'Подписка отменена')
  cancel(@Ctx() ctx: RequestContext) {
    return this.subscriptions.cancel(tenantOf(ctx).id, ctx.principal.userId);
  }
}

/**
 * The client's invoices, acts and payments. These routes are 'core': a suspended company must still
 * see its Счёт and pay it.
 */
@ApiTags('Оплата WorkCloud')
@ApiBearerAuth()
@Controller('api/admin/billing')
export class AdminBillingController {
  constructor(
    private readonly records: BillingRecordsService,
    private readonly invoicing: InvoicingService,
    private readonly payments: PaymentsService,
    private readonly autopay: AutopayService,
  ) {}

  @Get('invoices')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Счета компании (новые первыми) с актами' })
  @Answers(invoicesSchema, 'Счета компании')
  async invoices(@Ctx() ctx: RequestContext) {
    return { items: await this.records.invoices({ tenantId: tenantOf(ctx).id }) };
  }

  @Get('invoices/:id/pdf')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Счёт на оплату, PDF' })
  @AnswersFile('application/pdf', 'Счёт в PDF')
  async invoicePdf(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.invoicePdf(uuidParam.parse(id), tenantOf(ctx).id));
  }

  @Get('acts/:id/pdf')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Акт оказанных услуг, PDF' })
  @AnswersFile('application/pdf', 'Акт в PDF')
  async actPdf(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.actPdf(uuidParam.parse(id), tenantOf(ctx).id));
  }

  @Post('invoices/:id/pay')
  @HttpCode(200)
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Оплатить счёт онлайн: ссылка на страницу банка (для СБП — ссылка для QR-кода)' })
  @Answers(described('Платёж начат: перейдите по confirmationUrl', { paymentId: strSchema(undefined, { format: 'uuid' }), method: strSchema(), amountKopecks: moneySchema('К оплате'), confirmationUrl: strSchema('Страница оплаты провайдера') }), 'Платёж начат')
  pay(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(paySchema) body: z.infer<typeof paySchema>) {
    return this.payments.startOnline(tenantOf(ctx).id, ctx.principal.userId, uuidParam.parse(id), body.provider, body.saveCard);
  }

  @Get('saved-card')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Карта для автоплатежа (сохраняется при оплате с saveCard: true), или null' })
  @Answers(savedCardSchema, 'Сохранённая карта')
  savedCard(@Ctx() ctx: RequestContext) {
    return this.autopay.savedMethod(tenantOf(ctx).id);
  }

  @Delete('saved-card')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: '«Отвязать карту»: автоплатежей больше не будет' })
  @Answers(savedCardSchema, 'Карта отвязана')
  removeSavedCard(@Ctx() ctx: RequestContext) {
    return this.autopay.remove(tenantOf(ctx).id, ctx.principal.userId);
  }

  @Get('payments')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Платежи компании' })
  @Answers(paymentsSchema, 'Платежи компании')
  async paymentList(@Ctx() ctx: RequestContext) {
    return { items: await this.records.payments({ tenantId: tenantOf(ctx).id }) };
  }

  @Get('notifications')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Напоминания и события оплаты (просрочка, приостановка, возобновление)' })
  @Answers(billingEventsSchema, 'События биллинга компании, новые первыми')
  async notifications(@Ctx() ctx: RequestContext) {
    return { items: await this.records.events(tenantOf(ctx).id, 100) };
  }
}
