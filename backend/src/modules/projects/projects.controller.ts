import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { documentSchema } from '../../platform/engine/openapi-schemas';
import { documentFields } from '../../platform/engine/records';
import { Answers, arrayOf, date, int, money, nullable, objectOf, str, uuid } from '../../platform/http/openapi-responses';
import { uuidParam, ValidBody } from '../../platform/http/validation';
import { HourBilling } from './billing';
import { TimeTracking } from './time-tracking';
import { timesheets } from './timesheet.document';

const timerBody = z.object({ person: z.uuid('«Исполнитель»: выберите исполнителя из списка').optional() });
const billBody = z.object({
  kind: z.enum(['invoice', 'act'], { message: '«Документ»: invoice (счёт на оплату) или act (реализация услуг, акт)' }).default('invoice'),
  date: z.iso.date({ message: '«Дата»: в формате ГГГГ-ММ-ДД' }).optional(),
});
const fillBody = z.object({
  person: z.uuid('«Исполнитель»: выберите исполнителя из списка'),
  week: z.iso.date({ message: '«Неделя с»: дата в формате ГГГГ-ММ-ДД' }),
});

/** A time entry as the catalog's API gives it (the fields the timer reads; the item has the engine's others too). */
const entrySchema = objectOf(
  {
    id: uuid(),
    name: str('Задача'),
    task: uuid('Задача'),
    person: uuid('Исполнитель'),
    date: date('Дата'),
    hours: str('Часы, например 1.25'),
    timer_started: nullable(str('Когда запущен таймер (ISO), пока он идёт')),
    version: int('Версия записи'),
  },
  ['id', 'task', 'person', 'date', 'hours', 'timer_started', 'version'],
  'Запись «Учёт времени»',
);
const billSchema = objectOf({
  hour_invoice: objectOf({ id: uuid(), number: str('Номер'), hours: str('Часов'), total: money('Сумма') }, undefined, 'Счёт по часам (документ модуля)'),
  document: objectOf({ kind: str('invoice или act'), id: uuid(), number: str('Номер'), total: money('Сумма') }, undefined, 'Документ торговли'),
});

/**
 * The module's own routes: the timer of a task (start, stop, the running one), «Заполнить» of the weekly timesheet from
 * the time entries, approving a week (time-tracking.ts), and «Выставить счёт по часам» (billing.ts).
 */
@ApiTags('projects: учёт времени и счета')
@ApiBearerAuth()
@ForModule('projects')
@Controller('api/projects')
export class ProjectsController {
  constructor(
    private readonly time: TimeTracking,
    private readonly billing: HourBilling,
  ) {}

  @Get('timer')
  @Allow('read', 'projects.time_entries')
  @ApiOperation({ summary: 'Идущий таймер пользователя (исполнитель — по e-mail пользователя): запись учёта времени или null' })
  @Answers(objectOf({ entry: nullable(entrySchema), now: str('Время сервера, ISO') }), 'Таймер')
  timer(@Ctx() ctx: TenantRequestContext) {
    return this.time.timer(ctx);
  }

  @Post('tasks/:id/timer/start')
  @Allow('create', 'projects.time_entries')
  @ApiOperation({ summary: 'Запустить таймер задачи: запись учёта времени на сегодня, идущая с этого момента (один таймер на исполнителя)' })
  @ApiBody({ schema: objectOf({ person: uuid('Исполнитель; по умолчанию — с e-mail пользователя') }, []) })
  @Answers(entrySchema, 'Таймер запущен', 201)
  start(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(timerBody) body: z.infer<typeof timerBody>) {
    return this.time.start(ctx, uuidParam.parse(id), body.person);
  }

  @Post('tasks/:id/timer/stop')
  @HttpCode(200)
  @Allow('update', 'projects.time_entries')
  @ApiOperation({ summary: 'Остановить таймер задачи: в записи остаются часы от запуска (до сотых часа, не меньше 0,01)' })
  @ApiBody({ schema: objectOf({ person: uuid('Исполнитель; по умолчанию — с e-mail пользователя') }, []) })
  @Answers(entrySchema, 'Таймер остановлен')
  stop(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(timerBody) body: z.infer<typeof timerBody>) {
    return this.time.stop(ctx, uuidParam.parse(id), body.person);
  }

  @Post('timesheets/fill')
  @HttpCode(200)
  @Allow('create', 'projects.timesheets')
  @ApiOperation({ summary: 'Заполнить табель за неделю: часы исполнителя из «Учёта времени» за неделю, по задачам и дням; ничего не сохраняется' })
  @ApiBody({ schema: objectOf({ person: uuid('Исполнитель'), week: date('Неделя с (понедельник)') }) })
  @Answers(objectOf({ lines: arrayOf(objectOf({ project: uuid(), task: uuid(), day: date('День'), hours: str('Часы') })) }), 'Строки табеля')
  fill(@Ctx() ctx: TenantRequestContext, @ValidBody(fillBody) body: z.infer<typeof fillBody>) {
    return this.time.fill(ctx, body.person, body.week);
  }

  @Post('projects/:id/bill')
  @Allow('create', 'projects.hour_invoices')
  @ApiOperation({ summary: 'Выставить счёт по часам: утверждённые невыставленные часы проекта — счёт на оплату или реализация услуг (акт) в «Торговле и складе», проведённые' })
  @ApiBody({ schema: objectOf({ kind: str('invoice — счёт на оплату (по умолчанию), act — реализация услуг (акт)'), date: date('Дата; по умолчанию сегодня') }, []) })
  @Answers(billSchema, 'Счёт выставлен', 201)
  bill(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(billBody) body: z.infer<typeof billBody>) {
    return this.billing.bill(ctx, uuidParam.parse(id), body.kind, body.date);
  }

  @Post('timesheets/:id/approve')
  @HttpCode(200)
  @Allow('read', 'projects.timesheets')
  @ApiOperation({
    summary: 'Утвердить табель за неделю (провести): может руководитель всех проектов табеля (исполнитель с e-mail пользователя) или тот, у кого есть право проведения табелей',
  })
  @Answers(documentSchema(timesheets, documentFields(timesheets)), 'Табель утверждён (проведён)')
  approve(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.time.approve(ctx, uuidParam.parse(id));
  }
}
