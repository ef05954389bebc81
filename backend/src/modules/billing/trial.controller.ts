import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../../platform/access/request-context';
import { Answers, date, int, nullable, objectOf } from '../../platform/http/openapi-responses';
import { moneySchema } from './billing.schemas';
import { tenantOf } from './http';
import { SubscriptionsService } from './subscriptions.service';

/** The trial banner of the workplace: every member of a company in trial sees how long it lasts. */
@ApiTags('Профиль')
@ApiBearerAuth()
@Controller('api/me/trial')
export class TrialController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'Пробный период компании: до какого дня, сколько дней осталось (в часовом поясе компании), что будет после' })
  @Answers(
    objectOf({
      trial: nullable(
        objectOf({
          endsOn: date('Последний день пробного периода'),
          today: date('Сегодня в часовом поясе компании'),
          daysLeft: int('Осталось дней, включая сегодня (0 — период закончился, первый счёт ждёт оплаты)'),
          monthlyKopecks: moneySchema('Сумма подписки за месяц по сегодняшним ценам'),
          paymentDueDays: int('Дней на оплату счёта'),
        }),
      ),
    }),
    'Пробный период (null — компания не на пробном периоде)',
  )
  get(@Ctx() ctx: RequestContext) {
    return this.subscriptions.trial(tenantOf(ctx).id);
  }
}
