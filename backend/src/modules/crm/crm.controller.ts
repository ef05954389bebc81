import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, Public, type TenantRequestContext } from '../../platform/access/request-context';
import { catalogItemSchema, documentSchema } from '../../platform/engine/openapi-schemas';
import { catalogFields, documentFields } from '../../platform/engine/records';
import { Answers, arrayOf, bool, objectOf, str, uuid } from '../../platform/http/openapi-responses';
import { customerOrder } from '../trade/documents/customer-order';
import { deals } from './crm.catalog';
import { Problem } from '../../platform/http/problem';
import { ValidBody } from '../../platform/http/validation';
import { CrmService, webFormBody } from './crm.service';
import { CrmMergeService, mergeBody } from './merge.service';

const dealSchema = catalogItemSchema(deals, catalogFields(deals));
const orderSchema = documentSchema(customerOrder, documentFields(customerOrder));

const convertBody = z.object({
  funnel: z.uuid('Воронка — id из «Воронки продаж»').optional(),
  amount: z.number().int('Сумма — целое число копеек').min(0, 'Сумма не может быть меньше 0').optional(),
  manager: z.uuid('Менеджер — id пользователя').optional(),
});

const mergeAnswer = objectOf({ keep: uuid(), remove: uuid(), moved: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Сколько записей перешло: deals, contacts…' } });

function idOf(id: string, what: string): string {
  if (!z.uuid().safeParse(id).success) throw Problem.notFound(`${what} не найден(а).`);
  return id;
}

/** CRM routes beyond the engine's catalogs and reports: converting a lead, a deal's order, a timeline. */
@ApiTags('crm: CRM')
@ApiBearerAuth()
@ForModule('crm')
@Controller('api/crm')
export class CrmController {
  constructor(
    private readonly crm: CrmService,
    private readonly merge: CrmMergeService,
  ) {}

  @Get('managers')
  @Allow('read', 'crm.deals')
  @ApiOperation({ summary: 'Менеджеры для сделок: активные пользователи компании (id и имя) — выбор менеджера по имени' })
  @Answers(objectOf({ items: arrayOf(objectOf({ id: uuid(), name: str('Имя (или e-mail, если имя не задано)') })) }), 'Пользователи компании')
  managers(@Ctx() ctx: TenantRequestContext) {
    return this.crm.managers(ctx);
  }

  @Post('merge/contacts')
  @HttpCode(200)
  @Allow('update', 'crm.contacts')
  @ApiOperation({ summary: 'Объединить дубли контактных лиц одного клиента: сделки переходят к оставленному, дубль помечается на удаление (в журнале действий)' })
  @Answers(mergeAnswer, 'Объединено')
  mergeContacts(@Ctx() ctx: TenantRequestContext, @ValidBody(mergeBody) body: z.infer<typeof mergeBody>) {
    return this.merge.contacts(ctx, body);
  }

  @Post('merge/counterparties')
  @HttpCode(200)
  @Allow('update', 'trade.counterparties')
  @ApiOperation({ summary: 'Объединить дубли клиентов: сделки, контакты, история и лиды переходят к оставленному, дубль помечается на удаление; клиента с документами или договорами торговли не объединить (409)' })
  @Answers(mergeAnswer, 'Объединено')
  mergeCounterparties(@Ctx() ctx: TenantRequestContext, @ValidBody(mergeBody) body: z.infer<typeof mergeBody>) {
    return this.merge.counterparties(ctx, body);
  }

  @Post('leads/:id/convert')
  @HttpCode(201)
  @Allow('create', 'crm.deals')
  @ApiOperation({ summary: 'Преобразовать лид: клиент (контрагент по ИНН или новый), контактное лицо и сделка на первом этапе воронки — одной операцией' })
  @Answers(objectOf({ lead: uuid(), counterparty: uuid('Контрагент'), contact: { ...uuid('Контактное лицо'), nullable: true }, deal: dealSchema }), 'Лид преобразован', 201)
  convert(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(convertBody) body: z.infer<typeof convertBody>) {
    return this.crm.convertLead(ctx, idOf(id, 'Лид'), body);
  }

  @Post('deals/:id/order')
  @HttpCode(201)
  @Allow('create', 'crm.deals')
  @ApiOperation({ summary: 'Создать «Заказ клиента» в «Торговле и складе» с товарами сделки (черновик); сделка выигрывается, когда заказ оплачен или отгружен' })
  @Answers(orderSchema, 'Заказ клиента создан (черновик)', 201)
  order(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.crm.orderFromDeal(ctx, idOf(id, 'Сделка'));
  }

  @Get('timeline')
  @Allow('read', 'crm.activities')
  @ApiOperation({ summary: 'История работы с клиентом (counterparty) или по сделке (deal): звонки, встречи, письма, заметки, задачи, этапы сделки и документы торговли клиента' })
  @Answers(objectOf({ items: arrayOf(objectOf({ at: str('Когда, ISO'), kind: str('Вид записи'), title: str(), id: uuid(), source: str('Откуда: crm.activities, trade.sale…') }, ['at', 'kind', 'title', 'id', 'source'])) }), 'Записи, новые сначала')
  timeline(@Ctx() ctx: TenantRequestContext, @Query('counterparty') counterparty?: string, @Query('deal') deal?: string) {
    return this.crm.timeline(ctx, { counterparty: counterparty && idOf(counterparty, 'Клиент'), deal: deal && idOf(deal, 'Сделка') });
  }
}

/**
 * The public web form of a company's site: `POST /api/crm/public/<company id>/leads`. No sign-in; a honeypot field
 * (`website`) and a limit per address keep bots out.
 */
@ApiTags('crm: CRM')
@Public()
@Controller('api/crm/public')
export class CrmPublicController {
  constructor(private readonly crm: CrmService) {}

  @Post(':tenant/leads')
  @HttpCode(202)
  @ApiOperation({ summary: 'Заявка с сайта компании (публично, без входа): становится лидом. Поле website — ловушка для ботов, людям его не показывают; не больше 5 заявок с адреса за 10 минут' })
  @Answers(objectOf({ accepted: bool() }), 'Заявка принята', 202)
  webForm(@Param('tenant') tenant: string, @Req() req: FastifyRequest, @ValidBody(webFormBody) body: z.infer<typeof webFormBody>) {
    return this.crm.webForm(tenant, req.ip, body);
  }
}
