import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { ruDate } from './dates';
import { RegisterReadService } from './register-read.service';

export const periodLockSchema = z.object({ closedThrough: z.iso.date({ message: 'Дата — в формате ГГГГ-ММ-ДД' }).nullable() });

/** The closed period of a company: documents dated on or before it cannot change, be posted or cancelled. */
@Injectable()
export class PeriodLockService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly registers: RegisterReadService,
  ) {}

  /** Refuses (422) when one of `dates` is in the closed period; read in the caller's transaction. */
  async assertOpen(trx: Knex, ctx: TenantRequestContext, ...dates: (string | undefined)[]): Promise<void> {
    const lock = await trx(tenantTable(ctx.tenant.schema, 'period_lock')).first('closed_through');
    const closed = lock?.closed_through as string | null;
    const hit = dates.find((d) => d && closed && d <= closed);
    if (hit) throw Problem.unprocessable(`Период по ${ruDate(closed!)} закрыт: документ от ${ruDate(hit)} изменить нельзя. Откройте период (раздел «Закрытие периода») или выберите другую дату.`, { closedThrough: closed });
  }

  async get(ctx: TenantRequestContext): Promise<{ closedThrough: string | null }> {
    const row = await this.db.knex(tenantTable(ctx.tenant.schema, 'period_lock')).first('closed_through');
    return { closedThrough: row?.closed_through ?? null };
  }

  /** Closes the period through a date (null: opens every period); refused while a sequence is broken inside it. */
  async set(ctx: TenantRequestContext, body: z.infer<typeof periodLockSchema>) {
    const before = await this.get(ctx);
    await this.db.knex.transaction(async (trx) => {
      await trx(tenantTable(ctx.tenant.schema, 'period_lock')).update({ closed_through: body.closedThrough, updated_at: trx.fn.now(), updated_by: ctx.principal.userId });
      // After the update (its row lock waits for a running restoration of a sequence): a period with a
      // broken sequence inside would freeze wrong numbers (cost of goods) for good.
      const [broken] = body.closedThrough ? await this.registers.brokenSequences(ctx, body.closedThrough, trx) : [];
      if (broken)
        throw Problem.unprocessable(
          `Нельзя закрыть период по ${ruDate(body.closedThrough!)}: последовательность «${broken.registerTitle}»${broken.valueName ? ` (${broken.valueName})` : ''} нарушена с ${ruDate(broken.brokenFrom)}. Сначала выполните восстановление последовательности, затем закройте период.`,
          { brokenSequence: broken },
        );
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'PeriodLock', before, after: body }, trx);
    });
    return { closedThrough: body.closedThrough };
  }
}
