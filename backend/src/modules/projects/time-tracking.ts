import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { buildAbility } from '../../platform/access/ability';
import type { TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { CatalogsService } from '../../platform/engine/catalogs.service';
import { PostingService } from '../../platform/engine/posting.service';
import { ConfigurationRegistry, tableOf } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { platformClock, tenantToday } from '../../platform/time/clock';
import { tenantTable } from '../../platform/tenancy/tenant-schema';

/**
 * Time of the people of «Исполнители» (a person is a user by e-mail): a task's timer (one running per person),
 * «Заполнить» of the weekly timesheet from the time entries, and approving a week by the projects' manager.
 */
@Injectable()
export class TimeTracking {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly catalogs: CatalogsService,
    private readonly posting: PostingService,
  ) {}

  private table(ctx: TenantRequestContext, name: string) {
    return tenantTable(ctx.tenant.schema, name);
  }

  private timeEntries() {
    return this.registry.catalog('projects', 'time_entries')!;
  }

  /** The one of «Исполнители» with the user's e-mail, if any. */
  private userPerson(ctx: TenantRequestContext): Promise<{ id: string } | undefined> {
    return this.db.knex(this.table(ctx, 'c_projects_people')).whereRaw('lower(email) = lower(?)', [ctx.principal.email]).where({ deletion_mark: false }).first('id');
  }

  /** The person given, or the user's own. */
  private async person(ctx: TenantRequestContext, given?: string): Promise<string> {
    if (given) return given;
    const found = await this.userPerson(ctx);
    if (!found) throw Problem.unprocessable(`В справочнике «Исполнители» нет исполнителя с e-mail ${ctx.principal.email} — добавьте себя или укажите исполнителя.`);
    return found.id;
  }

  private running(ctx: TenantRequestContext, person: string) {
    return this.db.knex(this.table(ctx, 'c_projects_time_entries')).where({ person, deletion_mark: false }).whereNotNull('timer_started').first('id', 'task');
  }

  private async task(ctx: TenantRequestContext, id: string) {
    const task = await this.db.knex(this.table(ctx, 'c_projects_tasks')).where({ id, deletion_mark: false }).first('id', 'name');
    if (!task) throw Problem.notFound('Задача не найдена.');
    return task as { id: string; name: string };
  }

  /** The user's running timer (its time entry) or null, with the server's time for the clock on the page. */
  async timer(ctx: TenantRequestContext) {
    const found = await this.userPerson(ctx);
    const run = found ? await this.running(ctx, found.id) : null;
    const entry = run ? await this.catalogs.get(ctx, this.timeEntries(), run.id) : null;
    return { entry, now: platformClock.now().toISOString() };
  }

  async start(ctx: TenantRequestContext, taskId: string, given?: string) {
    const task = await this.task(ctx, taskId);
    const person = await this.person(ctx, given);
    const run = await this.running(ctx, person);
    if (run) throw Problem.conflict(run.task === task.id ? 'Таймер этой задачи уже идёт.' : 'У исполнителя уже идёт таймер другой задачи — сначала остановите его.');
    return this.catalogs.create(ctx, this.timeEntries(), { name: task.name, task: task.id, person, date: tenantToday(ctx.tenant), timer_started: platformClock.now().toISOString() });
  }

  /** Stops the timer: the entry keeps the hours since it started, to hundredths, at least 0,01. */
  async stop(ctx: TenantRequestContext, taskId: string, given?: string) {
    const task = await this.task(ctx, taskId);
    const person = await this.person(ctx, given);
    const entry = await this.db.knex(this.table(ctx, 'c_projects_time_entries')).where({ person, task: task.id, deletion_mark: false }).whereNotNull('timer_started').first('id', 'timer_started');
    if (!entry) throw Problem.conflict('Таймер этой задачи не запущен.');
    const elapsedMs = platformClock.now().getTime() - Date.parse(entry.timer_started);
    const hours = Decimal.max(new Decimal(elapsedMs).div(3_600_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), '0.01').toFixed(2);
    return this.catalogs.update(ctx, this.timeEntries(), entry.id, { hours, timer_started: null });
  }

  /** A week's lines of a person's timesheet from the stopped time entries, by project, task and day; nothing is saved. */
  async fill(ctx: TenantRequestContext, person: string, week: string) {
    const to = new Date(Date.parse(week) + 6 * 86_400_000).toISOString().slice(0, 10);
    const rows = await this.db
      .knex(`${this.table(ctx, 'c_projects_time_entries')} as e`)
      .join(`${this.table(ctx, 'c_projects_tasks')} as t`, 't.id', 'e.task')
      .where({ 'e.person': person, 'e.deletion_mark': false })
      .whereNull('e.timer_started')
      .whereBetween('e.date', [week, to])
      .groupBy('t.project', 'e.task', 'e.date')
      .orderBy([{ column: 'e.date' }, { column: 't.project' }])
      .select('t.project', 'e.task', this.db.knex.raw("to_char(e.date, 'YYYY-MM-DD') as day"), this.db.knex.raw('sum(e.hours) as hours'));
    return { lines: rows.filter((r) => Number(r.hours) > 0).map((r) => ({ project: r.project, task: r.task, day: r.day, hours: new Decimal(r.hours).toFixed(2) })) };
  }

  /**
   * Approving (posting) a weekly timesheet: whoever may post timesheets, or the manager of every project of its lines —
   * a role condition cannot reach a line's project's manager's e-mail, so it is checked here.
   */
  async approve(ctx: TenantRequestContext, sheetId: string) {
    const decl = this.registry.document('projects', 'timesheets')!;
    if (ctx.ability.can('post', 'projects.timesheets')) return this.posting.post(ctx, decl, sheetId);
    const sheet = await this.db.knex(this.table(ctx, tableOf.document(decl))).where({ id: sheetId }).first('id');
    if (!sheet) throw Problem.notFound('Табель не найден.');
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
