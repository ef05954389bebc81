import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type RequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { uuidParam, ValidBody } from '../../platform/http/validation';
import { sendPdf, tenantOf } from './http';
import { InvoicingService } from './invoicing.service';
import { PaymentsService } from './payments.service';
import { SubscriptionsService } from './subscriptions.service';

const paySchema = z.object({ provider: z.enum(['yookassa', 'tbank', 'sber', 'sbp'], { message: 'Способ оплаты: yookassa, tbank, sber или sbp' }) });

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
  get(@Ctx() ctx: RequestContext) {
    return this.subscriptions.overview(tenantOf(ctx).id);
  }

  @Post('modules/:code')
  @HttpCode(200)
  @ForModule('admin')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Подключить модуль сразу; за остаток оплаченного месяца — начисление пропорционально дням' })
  add(@Ctx() ctx: RequestContext, @Param('code') code: string) {
    return this.subscriptions.addModule(tenantOf(ctx).id, ctx.principal.userId, code);
  }

  @Delete('modules/:code')
  @ForModule('admin')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Отключить модуль сразу; за неиспользованные дни оплаченного месяца — зачёт в следующем счёте' })
  remove(@Ctx() ctx: RequestContext, @Param('code') code: string) {
    return this.subscriptions.removeModule(tenantOf(ctx).id, ctx.principal.userId, code);
  }

  @Post('cancel')
  @HttpCode(200)
  @ForModule('admin')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Отменить подписку: работа останавливается, данные хранятся срок хранения' })
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
    private readonly db: Database,
    private readonly invoicing: InvoicingService,
    private readonly payments: PaymentsService,
  ) {}

  @Get('invoices')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Счета компании (новые первыми) с актами' })
  async invoices(@Ctx() ctx: RequestContext) {
    return { items: await listInvoices(this.db, { tenantId: tenantOf(ctx).id }) };
  }

  @Get('invoices/:id/pdf')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Счёт на оплату, PDF' })
  async invoicePdf(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.invoicePdf(uuidParam.parse(id), tenantOf(ctx).id));
  }

  @Get('acts/:id/pdf')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Акт оказанных услуг, PDF' })
  async actPdf(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.invoicing.actPdf(uuidParam.parse(id), tenantOf(ctx).id));
  }

  @Post('invoices/:id/pay')
  @HttpCode(200)
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Оплатить счёт онлайн: ссылка на страницу банка (для СБП — ссылка для QR-кода)' })
  pay(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(paySchema) body: z.infer<typeof paySchema>) {
    return this.payments.startOnline(tenantOf(ctx).id, ctx.principal.userId, uuidParam.parse(id), body.provider);
  }

  @Get('payments')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Платежи компании' })
  async paymentList(@Ctx() ctx: RequestContext) {
    return { items: await listPayments(this.db, { tenantId: tenantOf(ctx).id }) };
  }

  @Get('notifications')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Напоминания и события оплаты (просрочка, приостановка, возобновление)' })
  async notifications(@Ctx() ctx: RequestContext) {
    const items = await this.db.knex('platform.billing_events').where({ tenant_id: tenantOf(ctx).id }).orderBy('id', 'desc').limit(100).select('id', 'at', 'on_date as onDate', 'kind', 'message', 'invoice_id as invoiceId');
    return { items: items.map((e) => ({ ...e, id: Number(e.id) })) };
  }
}

export async function listInvoices(db: Database, filter: { tenantId?: string; status?: string; overdueOn?: string; limit?: number }) {
  const q = db.knex('platform.billing_invoices as i')
    // left join: invoices stay after a client's data is deleted (buyer's requisites are on the invoice)
    .leftJoin('platform.tenants as t', 't.id', 'i.tenant_id')
    .leftJoin('platform.billing_acts as a', 'a.invoice_id', 'i.id')
    .orderBy('i.created_at', 'desc')
    .limit(filter.limit ?? 500)
    .select(
      'i.id', 'i.number', 'i.tenant_id as tenantId', db.knex.raw(`coalesce(t.name, i.buyer->>'name') AS "tenantName"`), db.knex.raw(`coalesce(t.inn, i.buyer->>'inn') AS "tenantInn"`),
      'i.period_start as periodStart', 'i.period_end as periodEnd', 'i.issued_on as issuedOn', 'i.due_on as dueOn', 'i.status',
      'i.total_kopecks as totalKopecks', 'i.vat_kopecks as vatKopecks', 'i.vat_rate as vatRate', 'i.paid_kopecks as paidKopecks', 'i.paid_at as paidAt', 'a.id as actId',
    );
  if (filter.tenantId) q.where('i.tenant_id', filter.tenantId);
  if (filter.status) q.where('i.status', filter.status);
  if (filter.overdueOn) q.where('i.status', 'open').where('i.due_on', '<', filter.overdueOn);
  const rows = await q;
  const lines = rows.length ? await db.knex('platform.billing_invoice_lines').whereIn('invoice_id', rows.map((r) => r.id)).orderBy('id').select('invoice_id', 'kind', 'module_code as module', 'description', 'days', 'days_in_month as daysInMonth', 'monthly_price_kopecks as monthlyPriceKopecks', 'amount_kopecks as amountKopecks', 'vat_kopecks as vatKopecks') : [];
  return rows.map((r) => ({
    ...r,
    totalKopecks: Number(r.totalKopecks),
    vatKopecks: Number(r.vatKopecks),
    paidKopecks: Number(r.paidKopecks),
    lines: lines
      .filter((l) => l.invoice_id === r.id)
      .map(({ invoice_id: _, ...l }) => ({ ...l, monthlyPriceKopecks: l.monthlyPriceKopecks === null ? null : Number(l.monthlyPriceKopecks), amountKopecks: Number(l.amountKopecks), vatKopecks: Number(l.vatKopecks) })),
  }));
}

export async function listPayments(db: Database, filter: { tenantId?: string; unmatched?: boolean; limit?: number }) {
  const q = db.knex('platform.billing_payments as p')
    .leftJoin('platform.billing_invoices as i', 'i.id', 'p.invoice_id')
    .leftJoin('platform.tenants as t', 't.id', 'p.tenant_id')
    .orderBy('p.created_at', 'desc')
    .limit(filter.limit ?? 500)
    .select(
      'p.id', 'p.tenant_id as tenantId', 't.name as tenantName', 'p.invoice_id as invoiceId', 'i.number as invoiceNumber', 'p.method', 'p.status',
      'p.amount_kopecks as amountKopecks', 'p.refunded_kopecks as refundedKopecks', 'p.paid_at as paidAt', 'p.paid_on as paidOn',
      'p.payer_name as payerName', 'p.payer_inn as payerInn', 'p.purpose', 'p.document_number as documentNumber', 'p.created_at as createdAt',
    );
  if (filter.tenantId) q.where('p.tenant_id', filter.tenantId);
  if (filter.unmatched) q.whereNull('p.invoice_id').where('p.status', 'succeeded');
  const rows = await q;
  return rows.map((r) => ({ ...r, amountKopecks: Number(r.amountKopecks), refundedKopecks: Number(r.refundedKopecks) }));
}
