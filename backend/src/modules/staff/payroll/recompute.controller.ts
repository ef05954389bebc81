import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { formatRubles } from '@workcloud/shared-core';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../../platform/access/request-context';
import { Database } from '../../../platform/database/database';
import { DocumentReader } from '../../../platform/engine/document-reader';
import { DocumentsService } from '../../../platform/engine/documents.service';
import { ConfigurationRegistry, tableOf } from '../../../platform/engine/registry';
import { Answers, objectOf, str, uuid } from '../../../platform/http/openapi-responses';
import { Problem } from '../../../platform/http/problem';
import { ValidBody } from '../../../platform/http/validation';
import { tenantTable } from '../../../platform/tenancy/tenant-schema';
import { monthTitle } from '../reports/payslip';

const body = z.object({ id: z.uuid('Укажите документ «Начисление зарплаты»') });

/**
 * «Перезаполнить» of a posted «Начисление зарплаты» (a documentAction of the module): the document is saved
 * again with its people and премии — every line computed anew from the registers, as saving computes it — and
 * re-posted (accounting's entries follow); then each later payroll of the year the change marked
 * «Требует перерасчёта», in month order, since each reads the running totals of the one before.
 */
@ApiTags('staff: начисление зарплаты')
@ApiBearerAuth()
@ForModule('staff')
@Controller('api/staff/payrolls')
export class PayrollRecomputeController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly documents: DocumentsService,
    private readonly reader: DocumentReader,
  ) {}

  @Post('recompute')
  @HttpCode(200)
  @Allow('update', 'staff.payrolls')
  @ApiOperation({ summary: 'Перезаполнить проведённое начисление зарплаты и следующие месяцы года, помеченные «Требует перерасчёта»' })
  @ApiBody({ schema: objectOf({ id: uuid('Начисление зарплаты') }, ['id']) })
  @Answers(objectOf({ message: str('Что пересчитано: месяцы и НДФЛ было → стало') }, ['message']), 'Пересчитано')
  async recompute(@Ctx() ctx: TenantRequestContext, @ValidBody(body) b: z.infer<typeof body>) {
    const decl = this.registry.document('staff', 'payrolls')!;
    const first = await this.reader.get(ctx, decl, b.id);
    if (first.status !== 'posted') throw Problem.unprocessable('Перезаполнить можно проведённое начисление: проведите документ.');
    const month = String(first.month);
    const later: string[] = await this.db
      .knex(tenantTable(ctx.tenant.schema, tableOf.document(decl)))
      .where({ organization: first.organization, status: 'posted', needs_recompute: true })
      .where('month', '>', month)
      .where('month', '<=', `${month.slice(0, 4)}-12-01`)
      .orderBy([{ column: 'month' }, { column: 'date' }, { column: 'number' }])
      .pluck('id');
    const done: string[] = [];
    for (const id of [b.id, ...later]) {
      const doc = await this.reader.get(ctx, decl, id);
      const lines = (doc.lines as { employee: string; bonus?: number }[]).map((l) => ({ employee: l.employee, bonus: l.bonus ?? 0 }));
      const after = await this.documents.update(ctx, decl, id, { lines });
      done.push(`${monthTitle(String(doc.month))}: НДФЛ ${formatRubles(Number(doc.ndfl))} → ${formatRubles(Number(after.ndfl))}, взносы ${formatRubles(Number(doc.contributions))} → ${formatRubles(Number(after.contributions))}`);
    }
    return { message: `Пересчитано: ${done.join('; ')}.` };
  }
}
