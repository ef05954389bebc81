import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { EngineService } from '../../platform/engine/engine.service';
import { Problem } from '../../platform/http/problem';
import { ValidQuery } from '../../platform/http/validation';
import { writeBankExchange, type BankParty, type PaymentOrder } from '../../platform/ru/bank-exchange';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { BankImportError, importBankStatement } from './bank-import';

const paymentOrdersQuery = z.object({
  organization: z.uuid('Укажите организацию'),
  from: z.iso.date({ message: 'Дата начала — в формате ГГГГ-ММ-ДД' }),
  to: z.iso.date({ message: 'Дата конца — в формате ГГГГ-ММ-ДД' }),
});

/**
 * Upload of a bank statement (1CClientBankExchange, windows-1251/DOS/UTF-8). The import runs through
 * the configuration engine with the caller's request context, so it creates documents with exactly the
 * caller's rights and the same validation as the UI — and all of one file in one transaction.
 */
@ApiTags('trade: Банковские выписки')
@ApiBearerAuth()
@ForModule('trade')
@Controller('api/trade/bank-statements')
export class BankStatementsController {
  constructor(
    private readonly db: Database,
    private readonly engine: EngineService,
  ) {}

  /**
   * Payment orders for the bank's client program: the organization's bank Списания денег of a period as
   * a 1CClientBankExchange file (1.03, windows-1251), to upload instead of typing each order again.
   */
  @Get('payment-orders')
  @Allow('read', 'trade.money_out')
  @ApiOperation({ summary: 'Выгрузить платёжные поручения (Списания денег безналичные) за период в формате 1CClientBankExchange' })
  async paymentOrders(@Ctx() ctx: TenantRequestContext, @ValidQuery(paymentOrdersQuery) q: z.infer<typeof paymentOrdersQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    const t = (name: string) => tenantTable(ctx.tenant.schema, name);
    const org = await this.db.knex(t('c_trade_organizations')).where({ id: q.organization }).first();
    if (!org) throw Problem.notFound('Организация не найдена.');
    if (!org.account || !org.bik) throw Problem.unprocessable('В карточке организации не указаны расчётный счёт и БИК — без них банк не примет поручения.');
    const docs = await this.db.knex(`${t('d_trade_money_out')} as d`)
      .join(`${t('c_trade_counterparties')} as c`, 'c.id', 'd.counterparty')
      .where({ 'd.organization': q.organization, 'd.kind': 'bank' })
      .whereNot('d.status', 'cancelled')
      .whereBetween('d.date', [q.from, q.to])
      .orderBy(['d.date', 'd.number'])
      .select('d.number', 'd.date', 'd.amount', 'd.purpose', 'd.counterparty_account', 'c.name', 'c.full_name', 'c.inn', 'c.kpp', 'c.account', 'c.bik', 'c.bank_name', 'c.corr_account');
    const party = (p: Record<string, any>, account: string): BankParty => ({ name: p.full_name || p.name, inn: p.inn ?? '', kpp: p.kpp ?? '', account, bankName: p.bank_name ?? '', bankCity: '', bik: p.bik ?? '', corrAccount: p.corr_account ?? '' });
    const orders: PaymentOrder[] = docs.map((d) => {
      const account = d.counterparty_account || d.account;
      if (!account || !d.bik) throw Problem.unprocessable(`Поручение № ${d.number}: у получателя «${d.name}» не указаны счёт и БИК.`);
      return {
        kind: 'Платежное поручение',
        number: String(d.number).replace(/\D/g, '').replace(/^0+/, '') || String(d.number),
        date: d.date,
        amountKopecks: Number(d.amount),
        payer: party(org, org.account),
        payee: party(d, account),
        purpose: d.purpose || 'Оплата по счёту',
        fields: { ВидОплаты: '01', Очередность: '5' },
      };
    });
    reply.header('Content-Type', 'application/octet-stream');
    reply.header('Content-Disposition', `attachment; filename="kl_to_1c.txt"`);
    return writeBankExchange(orders, { sender: 'WorkCloud' });
  }

  @Post()
  @HttpCode(200)
  @Allow('post', 'trade.money_in')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'Файл выписки 1CClientBankExchange как есть (в любой из кодировок)' })
  @ApiOperation({ summary: 'Загрузить выписку банка: поступления и списания денег, контрагенты по ИНН; файл загружается целиком или не загружается ничего; повторная загрузка ничего не дублирует' })
  async upload(@Ctx() ctx: TenantRequestContext, @Req() req: FastifyRequest) {
    const bytes = req.body;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw Problem.badRequest('Отправьте файл выписки телом запроса (Content-Type: application/octet-stream).');
    try {
      const result = await importBankStatement(bytes, this.engine, ctx);
      return { created: result.created, alreadyImported: result.alreadyImported, counterpartiesCreated: result.counterpartiesCreated };
    } catch (e) {
      if (e instanceof BankImportError) throw Problem.unprocessable(e.message, { line: e.line });
      throw e;
    }
  }
}
