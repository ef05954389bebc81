import { Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext } from '../../platform/access/request-context';
import { ValidBody } from '../../platform/http/validation';
import { tenantOf } from './http';
import { NpsService } from './nps.service';
import { Answers, bool, dateTime, date, int, nullable, objectOf } from '../../platform/http/openapi-responses';

const answerSchema = z.object({
  score: z.number().int('Оценка — целое число от 0 до 10').min(0).max(10),
  comment: z.string().trim().max(2000).default(''),
});

@ApiTags('Профиль')
@ApiBearerAuth()
@Controller('api/me/nps')
export class NpsController {
  constructor(private readonly nps: NpsService) {}

  @Get('due')
  @ApiOperation({ summary: 'Показать ли пользователю опрос NPS (не чаще раза в 90 дней)' })
  @Answers(objectOf({ due: bool('Пора спросить'), lastAnsweredAt: nullable(dateTime()), askAfter: date('Когда спросить') }), 'Пора ли спросить оценку')
  due(@Ctx() ctx: RequestContext) {
    tenantOf(ctx);
    return this.nps.due(ctx.principal.userId);
  }

  @Post()
  @ApiOperation({ summary: 'Ответ на опрос: «Порекомендуете ли вы WorkCloud?» 0–10 и комментарий' })
  @Answers(objectOf({ id: int(), score: int('Оценка 0–10'), at: dateTime() }), 'Оценка сохранена', 201)
  answer(@Ctx() ctx: RequestContext, @ValidBody(answerSchema) body: z.infer<typeof answerSchema>) {
    return this.nps.answer(ctx.principal.userId, tenantOf(ctx).id, body.score, body.comment);
  }
}
