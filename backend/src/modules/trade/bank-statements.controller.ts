import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { CatalogsService } from '../../platform/engine/catalogs.service';
import { DocumentsService } from '../../platform/engine/documents.service';
import { PostingService } from '../../platform/engine/posting.service';
import { BodyTypes, FILE_BODY_TYPES } from '../../platform/http/body';
import { ValidBody, ValidQuery } from '../../platform/http/validation';
import { paymentOrdersFile, uploadBankStatement, type BankUploadSummary } from './bank-statements';

const paymentOrdersBody = z.object({
  organization: z.uuid('Укажите организацию'),
  from: z.iso.date({ message: 'Дата начала — в формате ГГГГ-ММ-ДД' }).optional(),
  to: z.iso.date({ message: 'Дата конца — в формате ГГГГ-ММ-ДД' }).optional(),
  documents: z.array(z.uuid('Документ — идентификатор списания')).max(1000, 'Не больше 1000 документов за раз').optional(),
});

const uploadQuery = z.object({
  decisions: z
    .string()
    .optional()
    .transform((text, c) => {
      if (!text) return {};
      try {
        const parsed = z.record(z.string().max(200), z.union([z.literal('new'), z.uuid()])).safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        /* reported below */
      }
      c.addIssue({ code: 'custom', message: 'Решения — JSON-объект {"ключ загрузки": "id документа" или "new"}' });
      return z.NEVER;
    }),
});

const uploadSummarySchema = {
  type: 'object',
  required: ['created', 'linked', 'alreadyImported', 'counterpartiesCreated', 'counterpartiesUpdated', 'toDecide', 'warnings'],
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
    linked: {
      type: 'array',
      description: 'Документы, введённые вручную или выгруженные в банк, которые выписка подтвердила: связаны со строкой выписки, новые не созданы',
      items: { type: 'object', properties: { code: { type: 'string', enum: ['money_in', 'money_out'] }, id: { type: 'string', format: 'uuid' }, number: { type: 'string' }, importKey: { type: 'string' }, status: { type: 'string' } } },
    },
    alreadyImported: { type: 'integer', description: 'Документов выписки, загруженных раньше' },
    counterpartiesCreated: { type: 'integer', description: 'Новых контрагентов' },
    counterpartiesUpdated: { type: 'integer', description: 'Контрагентов, найденных по ИНН, которым записаны банковские реквизиты из выписки' },
    toDecide: {
      type: 'array',
      description: 'Строки выписки, которым подходят несколько документов: для них ничего не создано; решение — повторная загрузка с параметром decisions',
      items: {
        type: 'object',
        properties: {
          importKey: { type: 'string' },
          code: { type: 'string', enum: ['money_in', 'money_out'] },
          line: { type: 'integer', description: 'Строка файла' },
          number: { type: 'string' },
          date: { type: 'string', format: 'date' },
          amount: { type: 'integer', description: 'Копейки' },
          counterparty: { type: 'object', properties: { inn: { type: 'string' }, name: { type: 'string' } } },
          candidates: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, number: { type: 'string' }, date: { type: 'string', format: 'date' }, amount: { type: 'integer' }, status: { type: 'string' } } } },
        },
      },
    },
    warnings: { type: 'array', items: { type: 'string' }, description: 'Расхождения остатков и оборотов выписки с её документами и с учётом' },
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
    private readonly posting: PostingService,
  ) {}

  @Post('payment-orders')
  @HttpCode(200)
  @Allow('update', 'trade.money_out')
  @ApiOperation({
    summary:
      'Выгрузить платёжные поручения в формате 1CClientBankExchange: безналичные списания организации за период, ещё не выгруженные и не загруженные из выписки, или выбранные документы; выгруженные запоминаются',
  })
  @ApiBody({ schema: { type: 'object', required: ['organization'], properties: { organization: { type: 'string', format: 'uuid' }, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, documents: { type: 'array', items: { type: 'string', format: 'uuid' } } } } })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'Файл kl_to_1c.txt (1CClientBankExchange 1.03, windows-1251); суммы в рублях с копейками, как требует формат; заголовок X-Exported-Documents — id выгруженных списаний', schema: { type: 'string', format: 'binary' } })
  async paymentOrders(@Ctx() ctx: TenantRequestContext, @ValidBody(paymentOrdersBody) q: z.infer<typeof paymentOrdersBody>, @Res({ passthrough: true }) reply: FastifyReply) {
    const { file, documents } = await paymentOrdersFile(this.db, ctx, q);
    reply.header('Content-Type', 'application/octet-stream');
    reply.header('Content-Disposition', `attachment; filename="kl_to_1c.txt"`);
    reply.header('X-Exported-Documents', documents.join(','));
    return file;
  }

  @Post()
  @HttpCode(200)
  @Allow('post', 'trade.money_in')
  @BodyTypes(FILE_BODY_TYPES, 'файл выписки 1CClientBankExchange')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'Файл выписки 1CClientBankExchange как есть (в любой из кодировок), Content-Type: application/octet-stream или text/plain' })
  @ApiOperation({ summary: 'Загрузить выписку банка: поступления и списания денег, контрагенты по ИНН; введённые вручную и выгруженные платежи связываются, а не создаются ещё раз; файл загружается целиком или не загружается ничего; повторная загрузка ничего не дублирует' })
  @ApiQuery({ name: 'decisions', required: false, description: 'Решения по строкам «решить»: JSON {"ключ загрузки": "id документа, с которым связать" | "new"}' })
  @ApiOkResponse({ description: 'Что загружено', schema: uploadSummarySchema })
  upload(@Ctx() ctx: TenantRequestContext, @Req() req: FastifyRequest, @ValidQuery(uploadQuery) q: z.infer<typeof uploadQuery>): Promise<BankUploadSummary> {
    return uploadBankStatement({ db: this.db, catalogs: this.catalogs, documents: this.documents, posting: this.posting }, ctx, req.body, q.decisions);
  }
}
