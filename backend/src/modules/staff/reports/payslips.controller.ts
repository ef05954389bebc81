import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, ForModule, type TenantRequestContext } from '../../../platform/access/request-context';
import { Database } from '../../../platform/database/database';
import { catalogItemReader } from '../../../platform/engine/catalog-reader';
import { badParam } from '../../../platform/engine/list-query';
import { documentOf } from '../../../platform/engine/records';
import { ConfigurationRegistry } from '../../../platform/engine/registry';
import { AnswersFile } from '../../../platform/http/openapi-responses';
import { Problem } from '../../../platform/http/problem';
import { tenantTable } from '../../../platform/tenancy/tenant-schema';
import { payrolls } from '../documents/payroll';
import type { PayrollLine } from '../payroll/calculate';
import { monthTitle, renderPayslips } from './payslip';

/**
 * «Мой расчётный листок»: a person sees their own payslip — the employee card linked to their WorkCloud user
 * (`user_id`) — and nobody else's, without any right on the payroll itself. Accountants print all of a
 * payroll's payslips from the document (print form «Расчётные листки»).
 */
@ApiTags('staff: расчётные листки')
@ApiBearerAuth()
@ForModule('staff')
@Controller('api/staff/payslips')
export class PayslipsController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
  ) {}

  @Get('mine')
  @ApiOperation({ summary: 'Мой расчётный листок за месяц (PDF) — по карточке сотрудника, связанной с моим пользователем. 404 — карточки или проведённого начисления за месяц нет.' })
  @ApiQuery({ name: 'month', required: true, description: 'Месяц: 2026-07 или любая его дата' })
  @AnswersFile('application/pdf', 'Расчётный листок (PDF)')
  async mine(@Ctx() ctx: TenantRequestContext, @Query('month') month: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/.test(month)) throw badParam('month', 'ожидается месяц в формате ГГГГ-ММ, например 2026-07');
    const start = `${month.slice(0, 7)}-01`;
    const table = (name: string) => tenantTable(ctx.tenant.schema, name);
    const employee = await this.db.knex(table('c_staff_employees')).where({ user_id: ctx.principal.userId, deletion_mark: false }).first('id');
    if (!employee) throw Problem.notFound('Ваш пользователь не связан с карточкой сотрудника. Попросите кадровика указать его в карточке («Пользователь WorkCloud»).');
    const line = await this.db
      .knex(`${table('d_staff_payrolls__lines')} as l`)
      .join(`${table('d_staff_payrolls')} as d`, 'd.id', 'l.doc_id')
      .where({ 'd.status': 'posted', 'd.month': start, 'l.employee': employee.id })
      .orderBy('d.date', 'desc')
      .first('l.*');
    if (!line) throw Problem.notFound(`Зарплата за ${monthTitle(start)} вам ещё не начислена.`);
    const header = await this.db.knex(table('d_staff_payrolls')).where({ id: line.doc_id }).first();
    const doc = documentOf(payrolls, header, { lines: [line] });
    const pdf = await renderPayslips(doc, doc.lines as PayrollLine[], { catalogItem: catalogItemReader(this.registry, this.db.knex, ctx.tenant.schema, 'staff') });
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`Расчётный листок ${monthTitle(start)}.pdf`)}`);
    return pdf;
  }
}
