import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { CatalogsService } from '../../platform/engine/catalogs.service';
import { DocumentsService } from '../../platform/engine/documents.service';
import { BodyTypes, FILE_BODY_TYPES } from '../../platform/http/body';
import { ValidQuery } from '../../platform/http/validation';
import { paymentOrdersFile, uploadBankStatement, type BankUploadSummary } from './bank-statements';

const paymentOrdersQuery = z.object({
  organization: z.uuid('Укажите организацию'),
  from: z.iso.date({ message: 'Дата начала — в формате ГГГГ-ММ-ДД' }),
  to: z.iso.date({ message: 'Дата конца — в формате ГГГГ-ММ-ДД' }),
});

const uploadSummarySchema = {
  type: 'object',
  required: ['created', 'alreadyImported', 'counterpartiesCreated'],
  properties: {
    created: {
      type: 'array',
      description: 'Созданные и проведённые документы',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: ['money_in', 'money_out'], description: 'Поступление или списание денег' },
          id: { type: 'string', format: 'uuid' },
          number: { type: 'string' },
          importKey: { type: 'string', description: 'Номер|дата|сумма в копейках|наш счёт — по нему повторная загрузка не дублирует документ' },
        },
      },
    },
    alreadyImported: { type: 'integer', description: 'Документов выписки, загруженных раньше' },
    counterpartiesCreated: { type: 'integer', description: 'Новых контрагентов' },
  },
};

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
    private readonly catalogs: CatalogsService,
    private readonly documents: DocumentsService,
  ) {}

  @Get('payment-orders')
  @Allow('read', 'trade.money_out')
  @ApiOperation({ summary: 'Выгрузить платёжные поручения (Списания денег безналичные) за период в формате 1CClientBankExchange' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'Файл kl_to_1c.txt (1CClientBankExchange 1.03, windows-1251); суммы в рублях с копейками, как требует формат', schema: { type: 'string', format: 'binary' } })
  async paymentOrders(@Ctx() ctx: TenantRequestContext, @ValidQuery(paymentOrdersQuery) q: z.infer<typeof paymentOrdersQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await paymentOrdersFile(this.db, ctx, q);
    reply.header('Content-Type', 'application/octet-stream');
    reply.header('Content-Disposition', `attachment; filename="kl_to_1c.txt"`);
    return file;
  }

  @Post()
  @HttpCode(200)
  @Allow('post', 'trade.money_in')
  @BodyTypes(FILE_BODY_TYPES, 'файл выписки 1CClientBankExchange')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'Файл выписки 1CClientBankExchange как есть (в любой из кодировок), Content-Type: application/octet-stream или text/plain' })
  @ApiOperation({ summary: 'Загрузить выписку банка: поступления и списания денег, контрагенты по ИНН; файл загружается целиком или не загружается ничего; повторная загрузка ничего не дублирует' })
  @ApiOkResponse({ description: 'Что загружено', schema: uploadSummarySchema })
  upload(@Ctx() ctx: TenantRequestContext, @Req() req: FastifyRequest): Promise<BankUploadSummary> {
    return uploadBankStatement({ db: this.db, catalogs: this.catalogs, documents: this.documents }, ctx, req.body);
  }
}
