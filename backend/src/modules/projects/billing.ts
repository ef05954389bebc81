import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { DocumentsService } from '../../platform/engine/documents.service';
import { Registers } from '../../platform/engine/registers';
import { ConfigurationRegistry } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { tenantToday } from '../../platform/time/clock';

export interface BillResult {
  hour_invoice: { id: string; number: string; hours: string; total: number };
  document: { kind: 'invoice' | 'act'; id: string; number: string; total: number };
}

/**
 * «Выставить счёт по часам»: the approved billable hours of a project not billed yet («Часы к выставлению»), as one
 * trade document — a Счёт на оплату or a Реализация услуг (its print form is the Акт) — with one line per rate (the
 * project's service, hours × rate), and the module's «Счёт по часам» that takes those hours away, in one transaction.
 * The project's row is locked while it runs, and the register never goes negative: the same hours are never billed twice.
 */
@Injectable()
export class HourBilling {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly documents: DocumentsService,
  ) {}

  async bill(ctx: TenantRequestContext, projectId: string, kind: 'invoice' | 'act', date?: string): Promise<BillResult> {
    if (!ctx.tenant.modules.includes('trade')) throw Problem.unprocessable('Счёт по часам выставляется документом «Торговли и склада» — подключите этот модуль.');
    const on = date ?? tenantToday(ctx.tenant);
    const t = (name: string) => tenantTable(ctx.tenant.schema, name);
    return this.db.knex.transaction(async (trx) => {
      const project = await trx(t('c_projects_projects')).where({ id: projectId }).forUpdate().first();
      if (!project || project.deletion_mark) throw Problem.notFound('Проект не найден.');
      if (!project.billable) throw Problem.unprocessable(`Часы проекта «${project.name}» заказчику не выставляются: в проекте не отмечено «Часы выставляются заказчику».`);
      if (!project.service) throw Problem.unprocessable(`В проекте «${project.name}» не указана «Услуга в счёте» — выберите услугу из номенклатуры, ею будут названы строки счёта.`, { errors: [{ field: 'service', message: '«Услуга в счёте»: укажите услугу' }] });
      const registers = new Registers(this.registry, trx, ctx.tenant.schema);
      const balances: { timesheet: string; rate: string; hours: string }[] = await registers.balances('projects', 'unbilled', on, { project: projectId });
      const waiting = balances.filter((b) => new Decimal(b.hours).gt(0));
      if (!waiting.length) throw Problem.unprocessable(`По проекту «${project.name}» нет утверждённых часов, которые ещё не выставлены.`);

      const byRate = new Map<number, Decimal>();
      for (const b of waiting) byRate.set(Number(b.rate), (byRate.get(Number(b.rate)) ?? new Decimal(0)).plus(b.hours));
      const goods = [...byRate.entries()].sort(([a], [b]) => b - a).map(([price, hours]) => ({ product: project.service, quantity: hours.toFixed(2), price }));
      const body = { date: on, counterparty: project.customer, ...(project.contract ? { contract: project.contract } : {}), price_includes_vat: true, comment: `Работы по проекту «${project.name}»`, goods };
      const code = kind === 'act' ? 'sale' : 'invoice_for_payment';
      const made = await this.documents.create(ctx, this.registry.document('trade', code)!, body, { post: true, trx });

      const lines = waiting.map((b) => ({ timesheet: b.timesheet, rate: Number(b.rate), hours: new Decimal(b.hours).toFixed(2) }));
      const own = await this.documents.create(ctx, this.registry.document('projects', 'hour_invoices')!, { date: on, project: projectId, [kind === 'act' ? 'sale' : 'invoice']: made.id, lines }, { post: true, trx });
      if (own.total !== made.total) throw new Error(`Счёт по часам ${own.total} ≠ ${made.total} документа торговли`);
      return {
        hour_invoice: { id: own.id, number: own.number, hours: own.hours as string, total: own.total as number },
        document: { kind, id: made.id, number: made.number, total: made.total as number },
      };
    });
  }
}
