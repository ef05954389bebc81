import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, OwnerOnly, type RequestContext } from '../../platform/access/request-context';
import { Answers, arrayOf, date, dateTime, int, nullable, objectOf, str, uuid, type Schema } from '../../platform/http/openapi-responses';
import { ValidBody } from '../../platform/http/validation';
import { pathId } from '../../platform/owner/path-id';
import { moneySchema } from './billing.schemas';
import { DiscountsService } from './discounts.service';
import { tenantOf } from './http';

const terms = {
  percent: z.number().int('Процент скидки — целое число').min(1, 'Скидка — от 1 до 100 %').max(100, 'Скидка — от 1 до 100 %').nullable().default(null),
  amountKopecks: z.number().int('Сумма скидки — целое число копеек').positive('Сумма скидки больше нуля').nullable().default(null),
  months: z.number().int('Срок — целое число месяцев').min(1, 'Срок — от 1 месяца (без срока — null)').max(120, 'Срок — не больше 120 месяцев (без срока — null)').nullable().default(null),
  modules: z.array(z.string().min(1)).min(1, 'Укажите модули или null — на все').nullable().default(null),
};
const oneOfSizes = <T extends { percent: number | null; amountKopecks: number | null }>(t: T) => (t.percent === null) !== (t.amountKopecks === null);
const SIZE_MESSAGE = { message: 'Укажите либо процент скидки (percent), либо сумму в копейках (amountKopecks)', path: ['percent'] };

const promoCodeSchema = z
  .object({
    code: z.string({ message: 'Укажите промокод' }).trim().regex(/^[A-Za-zА-ЯЁа-яё0-9_-]{3,32}$/, 'Промокод — от 3 до 32 букв, цифр, «-» или «_»'),
    ...terms,
    validUntil: z.iso.date({ message: 'Действует до — дата в виде ГГГГ-ММ-ДД' }).nullable().default(null),
    maxUses: z.number().int('Лимит — целое число').positive('Лимит применений больше нуля (без лимита — null)').nullable().default(null),
  })
  .refine(oneOfSizes, SIZE_MESSAGE);
const personalSchema = z.object({ ...terms, comment: z.string({ message: 'Напишите, за что скидка' }).trim().min(3, 'Напишите, за что скидка').max(500) }).refine(oneOfSizes, SIZE_MESSAGE);
const applySchema = z.object({ code: z.string({ message: 'Введите промокод' }).trim().min(1, 'Введите промокод').max(64) });

const termsSchema: Record<string, Schema> = {
  percent: nullable(int('Скидка, %')),
  amountKopecks: nullable(moneySchema('Скидка за месяц')),
  months: nullable(int('На сколько счетов (месяцев); null — бессрочно')),
  modules: nullable(arrayOf(str(), 'На какие модули; null — на все')),
};
const discountSchema = objectOf({
  discount: nullable(
    objectOf({ id: int(), ...termsSchema, label: str('Как скидка названа в счёте'), monthsUsed: int('Счетов со скидкой уже выставлено'), appliedOn: date(), comment: str() }, ['id', 'label', 'monthsUsed', 'appliedOn']),
  ),
});
const promoSchema = objectOf({ id: uuid(), code: str(), ...termsSchema, validUntil: nullable(date('Применить можно до')), maxUses: nullable(int('Лимит применений')), uses: int('Применён раз'), createdAt: dateTime() }, ['id', 'code', 'uses']);

/** The company admin's side: the discount in force and applying a promo code in «Подписка и оплата». */
@ApiTags('Подписка компании')
@ApiBearerAuth()
@Controller('api/admin/billing/discount')
export class AdminDiscountController {
  constructor(private readonly discounts: DiscountsService) {}

  @Get()
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Действующая скидка компании (промокод или персональная)' })
  @Answers(discountSchema, 'Скидка; null — нет')
  get(@Ctx() ctx: RequestContext) {
    return this.discounts.current(tenantOf(ctx).id);
  }

  @Post('promo-code')
  @HttpCode(200)
  @ForModule('admin')
  @Allow('update', 'Subscription')
  @ApiOperation({ summary: 'Применить промокод: скидка в следующих счетах; просроченный, исчерпанный или неизвестный — отказ с объяснением' })
  @Answers(discountSchema, 'Скидка после применения')
  apply(@Ctx() ctx: RequestContext, @ValidBody(applySchema) body: z.infer<typeof applySchema>) {
    return this.discounts.applyPromoCode(tenantOf(ctx).id, body.code, ctx.principal.userId);
  }
}

/** The owner's side: promo codes, and a client's discount (a code at onboarding, or a personal one). */
@ApiTags('Владелец: биллинг')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner/billing')
export class OwnerDiscountController {
  constructor(private readonly discounts: DiscountsService) {}

  @Get('promo-codes')
  @ApiOperation({ summary: 'Промокоды: размер скидки, срок, модули, лимит и сколько раз применён' })
  @Answers(objectOf({ items: arrayOf(promoSchema) }), 'Промокоды')
  async promoCodes() {
    return { items: await this.discounts.promoCodes() };
  }

  @Post('promo-codes')
  @ApiOperation({ summary: 'Создать промокод: процент или сумма в копейках, на N месяцев или бессрочно, на все или некоторые модули, до даты, с лимитом' })
  @Answers(promoSchema, 'Промокод создан', 201)
  createPromoCode(@Ctx() ctx: RequestContext, @ValidBody(promoCodeSchema) body: z.infer<typeof promoCodeSchema>) {
    return this.discounts.createPromoCode(body, ctx.principal.userId);
  }

  @Get('discounts')
  @ApiOperation({ summary: 'Действующие скидки клиентов (персональные и по промокодам), новые первыми' })
  @Answers(objectOf({ items: arrayOf(objectOf({ tenantId: uuid(), tenantName: str('Клиент'), id: int(), ...termsSchema, label: str('Как скидка названа в счёте'), monthsUsed: int('Счетов со скидкой уже выставлено'), appliedOn: date(), comment: str() }, ['tenantId', 'tenantName', 'id', 'label', 'monthsUsed', 'appliedOn'])) }), 'Скидки клиентов')
  inForce() {
    return this.discounts.inForce();
  }

  @Get('clients/:id/discount')
  @ApiOperation({ summary: 'Действующая скидка клиента' })
  @Answers(discountSchema, 'Скидка; null — нет')
  get(@Param('id') id: string) {
    return this.discounts.ofClient(pathId(id, 'Клиент не найден.'));
  }

  @Post('clients/:id/discount/promo-code')
  @HttpCode(200)
  @ApiOperation({ summary: 'Применить промокод к клиенту (например, при подключении)' })
  @Answers(discountSchema, 'Скидка после применения')
  apply(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(applySchema) body: z.infer<typeof applySchema>) {
    return this.discounts.applyPromoCode(pathId(id, 'Клиент не найден.'), body.code, ctx.principal.userId);
  }

  @Put('clients/:id/discount')
  @ApiOperation({ summary: 'Персональная скидка клиенту: заменяет действующую со следующего счёта' })
  @Answers(discountSchema, 'Скидка после изменения')
  setPersonal(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(personalSchema) body: z.infer<typeof personalSchema>) {
    const { comment, ...t } = body;
    return this.discounts.setPersonal(pathId(id, 'Клиент не найден.'), t, comment, ctx.principal.userId);
  }

  @Delete('clients/:id/discount')
  @ApiOperation({ summary: 'Отменить скидку клиента: следующие счета по полной цене' })
  @Answers(discountSchema, 'Скидки нет (discount: null)')
  end(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.discounts.end(pathId(id, 'Клиент не найден.'), ctx.principal.userId);
  }
}
