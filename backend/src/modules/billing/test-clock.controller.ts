import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, OwnerOnly, type RequestContext } from '../../platform/access/request-context';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { Answers, bool, date, nullable, objectOf } from '../../platform/http/openapi-responses';
import { ValidBody } from '../../platform/http/validation';
import { pathId } from '../../platform/owner/path-id';
import { cycleReportSchema } from './billing.schemas';
import { BillingService } from './billing.service';
import { BillingClock } from './clock';
import { moscowDate } from './dates';

const CLIENT_NOT_FOUND = 'Клиент не найден.';
const advanceSchema = z.object({
  date: z.iso.date({ message: 'Дата в виде ГГГГ-ММ-ДД' }),
});
const clockSchema = objectOf({ enabled: bool('Тестовые часы разрешены (не рабочая среда)'), today: nullable(date('День часов клиента; null — часы платформы')) });

/**
 * The owner's test clock for one client (refused with NODE_ENV=production): move the client's date
 * forward and run its billing cycle then — invoices, reminders, suspension, as they would come.
 */
@ApiTags('Владелец: биллинг')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner/billing/clients/:id/test-clock')
export class TestClockController {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly billing: BillingService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Тестовые часы клиента: на каком он дне (null — на часах платформы)' })
  @Answers(clockSchema, 'Часы клиента')
  async get(@Param('id') id: string) {
    const tenantId = await this.client(id);
    const at = await this.clock.testNow(tenantId);
    return { enabled: this.clock.testClocksEnabled, today: at ? moscowDate(at) : null };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Перевести часы клиента на дату (только вперёд) и выполнить его биллинговый цикл на этот день; не в рабочей среде' })
  @Answers(cycleReportSchema, 'Цикл выполнен на дату')
  async advance(@Ctx() ctx: RequestContext, @Param('id') id: string, @ValidBody(advanceSchema) body: z.infer<typeof advanceSchema>) {
    const tenantId = await this.client(id);
    const at = await this.clock.setFor(tenantId, body.date, ctx.principal.userId);
    await this.audit.record({ tenantId, userId: ctx.principal.userId, action: 'test-clock', entity: 'BillingAccount', entityId: tenantId, after: { date: body.date } });
    return this.billing.runCycle(at, tenantId);
  }

  @Delete()
  @ApiOperation({ summary: 'Вернуть клиента на часы платформы' })
  @Answers(clockSchema, 'Часы клиента')
  async clear(@Param('id') id: string) {
    const tenantId = await this.client(id);
    await this.clock.clearFor(tenantId);
    return { enabled: this.clock.testClocksEnabled, today: null };
  }

  private async client(id: string): Promise<string> {
    const tenantId = pathId(id, CLIENT_NOT_FOUND);
    if (!(await this.db.knex('platform.tenants').where({ id: tenantId }).first('id'))) throw Problem.notFound(CLIENT_NOT_FOUND);
    return tenantId;
  }
}
