import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import Decimal from 'decimal.js';
import { z } from 'zod';
import { buildAbility } from '../../platform/access/ability';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { CatalogsService } from '../../platform/engine/catalogs.service';
import { documentSchema } from '../../platform/engine/openapi-schemas';
import { PostingService } from '../../platform/engine/posting.service';
import { documentFields } from '../../platform/engine/records';
import { ConfigurationRegistry, tableOf } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { Answers, arrayOf, date, int, money, nullable, objectOf, str, uuid } from '../../platform/http/openapi-responses';
import { uuidParam, ValidBody } from '../../platform/http/validation';
import { platformClock, tenantToday } from '../../platform/time/clock';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { HourBilling } from './billing';
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
 * the time entries, and «Выставить счёт по часам».
 */
@ApiTags('projects: учёт времени и счета')
@ApiBearerAuth()
@ForModule('projects')
@Controller('api/projects')
export class ProjectsController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly catalogs: CatalogsService,
    private readonly billing: HourBilling,
    private readonly posting: PostingService,
  ) {}

  private table(ctx: TenantRequestContext, name: string) {
    return tenantTable(ctx.tenant.schema, name);
  }

  /** The person given, or the one of «Исполнители» with the user's e-mail. */
  private async person(ctx: TenantRequestContext, given?: string): Promise<string> {
    if (given) return given;
    const found = await this.db.knex(this.table(ctx, 'c_projects_people')).whereRaw('lower(email) = lower(?)', [ctx.principal.email]).where({ deletion_mark: false }).first('id');
    if (!found) throw Problem.unprocessable(`В справочнике «Исполнители» нет исполнителя с e-mail ${ctx.principal.email} — добавьте себя или укажите исполнителя.`);
    return found.id;
  }

  private running(ctx: TenantRequestContext, person: string) {
    return this.db.knex(this.table(ctx, 'c_projects_time_entries')).where({ person, deletion_mark: false }).whereNotNull('timer_started').first('id', 'task');
  }

  @Get('timer')
  @Allow('read', 'projects.time_entries')
  @ApiOperation({ summary: 'Идущий таймер пользователя (исполнитель — по e-mail пользователя): запись учёта времени или null' })
  @Answers(objectOf({ entry: nullable(entrySchema), now: str('Время сервера, ISO') }), 'Таймер')
  async timer(@Ctx() ctx: TenantRequestContext) {
    const found = await this.db.knex(this.table(ctx, 'c_projects_people')).whereRaw('lower(email) = lower(?)', [ctx.principal.email]).where({ deletion_mark: false }).first('id');
    const run = found ? await this.running(ctx, found.id) : null;
    const entry = run ? await this.catalogs.get(ctx, this.registry.catalog('projects', 'time_entries')!, run.id) : null;
    return { entry, now: platformClock.now().toISOString() };
  }

  @Post('tasks/:id/timer/start')
  @Allow('create', 'projects.time_entries')
  @ApiOperation({ summary: 'Запустить таймер задачи: запись учёта времени на сегодня, идущая с этого момента (один таймер на исполнителя)' })
  @ApiBody({ schema: objectOf({ person: uuid('Исполнитель; по умолчанию — с e-mail пользователя') }, []) })
  @Answers(entrySchema, 'Таймер запущен', 201)
  async start(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(timerBody) body: z.infer<typeof timerBody>) {
    const task = await this.task(ctx, id);
    const person = await this.person(ctx, body.person);
    const run = await this.running(ctx, person);
    if (run) throw Problem.conflict(run.task === task.id ? 'Таймер этой задачи уже идёт.' : 'У исполнителя уже идёт таймер другой задачи — сначала остановите его.');
    const decl = this.registry.catalog('projects', 'time_entries')!;
    return this.catalogs.create(ctx, decl, { name: task.name, task: task.id, person, date: tenantToday(ctx.tenant), timer_started: platformClock.now().toISOString() });
  }

  @Post('tasks/:id/timer/stop')
  @HttpCode(200)
  @Allow('update', 'projects.time_entries')
  @ApiOperation({ summary: 'Остановить таймер задачи: в записи остаются часы от запуска (до сотых часа, не меньше 0,01)' })
  @ApiBody({ schema: objectOf({ person: uuid('Исполнитель; по умолчанию — с e-mail пользователя') }, []) })
  @Answers(entrySchema, 'Таймер остановлен')
  async stop(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(timerBody) body: z.infer<typeof timerBody>) {
    const task = await this.task(ctx, id);
    const person = await this.person(ctx, body.person);
    const entry = await this.db.knex(this.table(ctx, 'c_projects_time_entries')).where({ person, task: task.id, deletion_mark: false }).whereNotNull('timer_started').first('id', 'timer_started');
    if (!entry) throw Problem.conflict('Таймер этой задачи не запущен.');
    const elapsedMs = platformClock.now().getTime() - Date.parse(entry.timer_started);
    const hours = Decimal.max(new Decimal(elapsedMs).div(3_600_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), '0.01').toFixed(2);
    return this.catalogs.update(ctx, this.registry.catalog('projects', 'time_entries')!, entry.id, { hours, timer_started: null });
  }

  private async task(ctx: TenantRequestContext, id: string) {
    const task = await this.db.knex(this.table(ctx, 'c_projects_tasks')).where({ id: uuidParam.parse(id), deletion_mark: false }).first('id', 'name');
    if (!task) throw Problem.notFound('Задача не найдена.');
    return task as { id: string; name: string };
  }

  @Post('timesheets/fill')
  @HttpCode(200)
  @Allow('create', 'projects.timesheets')
  @ApiOperation({ summary: 'Заполнить табель за неделю: часы исполнителя из «Учёта времени» за неделю, по задачам и дням; ничего не сохраняется' })
  @ApiBody({ schema: objectOf({ person: uuid('Исполнитель'), week: date('Неделя с (понедельник)') }) })
  @Answers(objectOf({ lines: arrayOf(objectOf({ project: uuid(), task: uuid(), day: date('День'), hours: str('Часы') })) }), 'Строки табеля')
  async fill(@Ctx() ctx: TenantRequestContext, @ValidBody(fillBody) body: z.infer<typeof fillBody>) {
    const to = new Date(Date.parse(body.week) + 6 * 86_400_000).toISOString().slice(0, 10);
    const rows = await this.db
      .knex(`${this.table(ctx, 'c_projects_time_entries')} as e`)
      .join(`${this.table(ctx, 'c_projects_tasks')} as t`, 't.id', 'e.task')
      .where({ 'e.person': body.person, 'e.deletion_mark': false })
      .whereNull('e.timer_started')
      .whereBetween('e.date', [body.week, to])
      .groupBy('t.project', 'e.task', 'e.date')
      .orderBy([{ column: 'e.date' }, { column: 't.project' }])
      .select('t.project', 'e.task', this.db.knex.raw("to_char(e.date, 'YYYY-MM-DD') as day"), this.db.knex.raw('sum(e.hours) as hours'));
    return { lines: rows.filter((r) => Number(r.hours) > 0).map((r) => ({ project: r.project, task: r.task, day: r.day, hours: new Decimal(r.hours).toFixed(2) })) };
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
  async approve(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const decl = this.registry.document('projects', 'timesheets')!;
    const sheetId = uuidParam.parse(id);
    if (ctx.ability.can('post', 'projects.timesheets')) return this.posting.post(ctx, decl, sheetId);
    const sheet = await this.db.knex(this.table(ctx, tableOf.document(decl))).where({ id: sheetId }).first('id');
    if (!sheet) throw Problem.notFound('Табель не найден.');
    // The projects of its lines: the caller must manage every one of them (a role condition cannot reach a line's project's manager's e-mail).
    const projects = await this.db
      .knex(`${this.table(ctx, tableOf.lines(decl, 'lines'))} as l`)
      .join(`${this.table(ctx, 'c_projects_projects')} as p`, 'p.id', 'l.project')
      .leftJoin(`${this.table(ctx, 'c_projects_people')} as m`, 'm.id', 'p.manager')
      .where('l.doc_id', sheetId)
      .distinct('p.name', 'm.email');
    const foreign = projects.filter((p) => !p.email || p.email.toLowerCase() !== ctx.principal.email.toLowerCase());
    if (!projects.length || foreign.length)
      throw Problem.forbidden(
        projects.length
          ? `Утвердить табель может руководитель проекта: вы не руководитель ${foreign.map((p) => `«${p.name}»`).join(', ')}. Попросите руководителя проекта или администратора компании.`
          : 'В табеле нет строк с проектами — утвердить его может только тот, у кого есть право проведения табелей.',
      );
    // The manager of the projects posts this one timesheet as if his role had the right.
    const managerCtx = { ...ctx, ability: buildAbility([...ctx.rules, { action: 'post', subject: 'projects.timesheets' }], ctx.principal.userId) };
    return this.posting.post(managerCtx, decl, sheetId);
  }
}
