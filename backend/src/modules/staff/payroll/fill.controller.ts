import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { monthEnd, monthStart } from '@workcloud/shared-core';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../../platform/access/request-context';
import { Database } from '../../../platform/database/database';
import { cachedCatalogReader } from '../../../platform/engine/catalog-reader';
import type { PrefillContext } from '../../../platform/engine/declarations';
import { Registers } from '../../../platform/engine/registers';
import { ConfigurationRegistry, tableOf } from '../../../platform/engine/registry';
import { valueSchema } from '../../../platform/engine/openapi-schemas';
import { Answers, arrayOf, date, objectOf, str, uuid } from '../../../platform/http/openapi-responses';
import { ValidBody } from '../../../platform/http/validation';
import { tenantTable } from '../../../platform/tenancy/tenant-schema';
import { employmentOn } from '../documents/hr-orders';
import { payrolls } from '../documents/payroll';
import { calculateLine, payrollTerms, type PayrollLine } from './calculate';

const decimal = (title: string) => z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, `«${title}»: число, например 1.15`).optional();

const fillBody = z.object({
  organization: z.uuid('Укажите организацию'),
  month: z.iso.date({ message: 'Месяц — дата в формате ГГГГ-ММ-ДД (любой день месяца)' }),
  injury_rate: decimal('Тариф НС и ПЗ, %'),
  regional_coefficient: decimal('Районный коэффициент'),
  northern_percent: decimal('Северная надбавка, %'),
});

/** A filled line: the document's line fields as its API gives them, and the person's name. */
const lineFields = payrolls.sections!.lines.fields;
const lineSchema = objectOf(
  { ...Object.fromEntries(Object.entries(lineFields).map(([name, f]) => [name, valueSchema(f, false)])), employee_name: str('ФИО') },
  ['employee', 'employee_name', 'salary_rate', 'norm_days', 'days', 'salary', 'accrued', 'ndfl', 'net'],
);

/**
 * «Заполнить» of «Начисление зарплаты»: the lines of every person working in the organization in the month
 * (hired by its end, not dismissed before its start), computed as saving the document would compute them —
 * оклад by days worked (табель, or the calendar's norm), absences, НДФЛ and contributions. Nothing is saved:
 * the form puts the lines into the document.
 */
@ApiTags('staff: начисление зарплаты')
@ApiBearerAuth()
@ForModule('staff')
@Controller('api/staff/payrolls')
export class PayrollFillController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
  ) {}

  @Post('fill')
  @HttpCode(200)
  @Allow('create', 'staff.payrolls')
  @ApiOperation({ summary: 'Заполнить начисление зарплаты: строки всех сотрудников, работавших в организации в месяце, рассчитанные (оклад по отработанным дням, НДФЛ, взносы); ничего не сохраняется' })
  @ApiBody({
    schema: objectOf(
      { organization: uuid('Организация'), month: date('Месяц (любой его день)'), injury_rate: str('Тариф НС и ПЗ, %, по умолчанию 0.20'), regional_coefficient: str('Районный коэффициент, по умолчанию 1.00'), northern_percent: str('Северная надбавка, %, по умолчанию 0') },
      ['organization', 'month'],
    ),
  })
  @Answers(objectOf({ month: date('Первое число месяца'), lines: arrayOf(lineSchema, 'По сотрудникам, по алфавиту') }), 'Строки документа')
  async fill(@Ctx() ctx: TenantRequestContext, @ValidBody(fillBody) body: z.infer<typeof fillBody>) {
    const [start, end] = [monthStart(body.month), monthEnd(body.month)];
    const registers = new Registers(this.registry, this.db.knex, ctx.tenant.schema);
    const reader: PrefillContext = {
      sliceLast: (register, dimensions, on) => registers.sliceLast('staff', register, dimensions, on),
      ...cachedCatalogReader(this.registry, this.db.knex, ctx.tenant.schema, 'staff'),
    };
    const employment = this.registry.register('staff', 'employment')!;
    const candidates: string[] = await this.db
      .knex(tenantTable(ctx.tenant.schema, tableOf.register(employment)))
      .where({ organization: body.organization })
      .where('period', '<=', end)
      .distinct('employee')
      .pluck('employee');
    const people = await reader.catalogItems('employees', candidates);
    const working: string[] = [];
    for (const employee of candidates) {
      if (!people.get(employee) || people.get(employee)!.deletion_mark) continue;
      const [atStart, atEnd] = [await employmentOn(reader, employee, start), await employmentOn(reader, employee, end)];
      const worksHere = (e: typeof atStart) => e?.status === 'working' && e.organization === body.organization;
      if (worksHere(atStart) || worksHere(atEnd)) working.push(employee);
    }
    working.sort((a, b) => String(people.get(a)!.name).localeCompare(String(people.get(b)!.name), 'ru'));
    const terms = payrollTerms(body);
    const lines: (PayrollLine & { employee_name: string })[] = [];
    for (const employee of working) {
      const line: PayrollLine = { employee };
      await calculateLine(line, start, terms, reader);
      lines.push({ ...line, employee_name: String(people.get(employee)!.name) });
    }
    return { month: start, lines };
  }
}
