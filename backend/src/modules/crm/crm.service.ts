import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { TenantRequestContext } from '../../platform/access/request-context';
import type { KvStore } from '../../platform/cache/kv-store';
import { KV_STORE } from '../../platform/cache/tokens';
import { Database } from '../../platform/database/database';
import { CatalogsService } from '../../platform/engine/catalogs.service';
import { DocumentsService } from '../../platform/engine/documents.service';
import { parseListQuery } from '../../platform/engine/list-query';
import { catalogFields, searchText } from '../../platform/engine/records';
import { ConfigurationRegistry } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { leads } from './crm.catalog';

/** What the site's web form sends; `website` is the honeypot — a field people do not see, that bots fill in. */
export const webFormBody = z.object({
  name: z.string().trim().min(2, 'Укажите, как к вам обращаться').max(250),
  company: z.string().trim().max(250).optional(),
  phone: z.string().trim().max(40).optional(),
  email: z.email({ message: 'E-mail указан неверно' }).max(250).optional(),
  comment: z.string().trim().max(4000).optional(),
  website: z.string().max(500).optional(),
});

/** Requests from one address to one company's form: this many per window, then 429. */
const FORM_LIMIT = 5;
const FORM_WINDOW_SECONDS = 600;

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** One entry of a client's or a deal's timeline. */
export interface TimelineEntry {
  at: string;
  kind: string;
  title: string;
  id: string;
  source: string;
  details?: Record<string, unknown>;
}

/**
 * CRM's actions beyond the engine's catalogs: converting a lead, the public web form, a Заказ клиента from a deal,
 * and the timeline of a client or a deal (the CRM's own history plus trade's documents the user may read).
 */
@Injectable()
export class CrmService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly catalogs: CatalogsService,
    private readonly documents: DocumentsService,
    private readonly tenants: TenantContextService,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  private catalog(code: string) {
    const [module, name] = code.includes('.') ? code.split('.') : ['crm', code];
    return this.registry.catalog(module, name)!;
  }

  /**
   * A lead becomes a client (the counterparty with its ИНН, or a new one), its contact person and a deal at the first
   * stage of the funnel — in one transaction, nothing retyped.
   */
  async convertLead(ctx: TenantRequestContext, id: string, options: { funnel?: string; amount?: number; manager?: string }) {
    const lead = await this.catalogs.get(ctx, this.catalog('leads'), id);
    if (lead.status !== 'new') throw Problem.conflict(`Лид «${lead.name}» уже ${lead.status === 'converted' ? 'преобразован' : 'отклонён'}.`);
    const schema = ctx.tenant.schema;
    return this.db.knex.transaction(async (trx) => {
      // Two people converting the same lead at once: the second waits here and is refused.
      const locked = await trx(tenantTable(schema, 'c_crm_leads')).where({ id }).forUpdate().first('status');
      if (locked?.status !== 'new') throw Problem.conflict(`Лид «${lead.name}» уже преобразован.`);
      const funnel = options.funnel ?? (await trx(tenantTable(schema, 'c_crm_funnels')).where({ deletion_mark: false }).orderBy('created_at').first('id'))?.id;
      if (!funnel) throw Problem.unprocessable('Нет ни одной воронки продаж: создайте её в «Воронки продаж».');
      const stage = await trx(tenantTable(schema, 'c_crm_stages')).where({ funnel, deletion_mark: false, outcome: 'open' }).orderBy('position').first('id');
      if (!stage) throw Problem.unprocessable('В воронке нет этапов «В работе»: добавьте их в «Этапы воронок».');
      const clientName = lead.company || lead.name;
      const existing = lead.inn ? await trx(tenantTable(schema, 'c_trade_counterparties')).where({ inn: lead.inn, deletion_mark: false }).first('id') : undefined;
      const counterparty =
        existing?.id ?? (await this.catalogs.create(ctx, this.catalog('trade.counterparties'), { name: clientName, inn: lead.inn ?? null, phone: lead.phone ?? null, email: lead.email ?? null, is_customer: true }, trx)).id;
      const contact = lead.company
        ? (await this.catalogs.create(ctx, this.catalog('contacts'), { name: lead.name, counterparty, phone: lead.phone ?? null, email: lead.email ?? null }, trx)).id
        : null;
      const deal = await this.catalogs.create(
        ctx,
        this.catalog('deals'),
        { name: `${clientName}: ${lead.comment ? String(lead.comment).slice(0, 200) : 'заявка'}`, counterparty, contact, funnel, stage: stage.id, source: 'lead', amount: options.amount ?? null, manager: options.manager ?? ctx.principal.userId },
        trx,
      );
      await trx(tenantTable(schema, 'c_crm_leads')).where({ id }).update({ status: 'converted', counterparty, deal: deal.id, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      return { lead: id, counterparty, contact, deal };
    });
  }

  /**
   * The public web form of a company: a lead from its site. A filled honeypot is answered as accepted and dropped;
   * more than FORM_LIMIT requests from one address in FORM_WINDOW_SECONDS get 429.
   */
  async webForm(tenantId: string, ip: string, body: z.infer<typeof webFormBody>): Promise<{ accepted: true }> {
    const tenant = isUuid(tenantId) ? await this.tenants.tenant(tenantId) : null;
    // A suspended company (unpaid) takes no new data, as its people cannot write either.
    if (!tenant || ['archived', 'provisioning', 'suspended'].includes(tenant.status) || !tenant.modules.includes('crm')) throw Problem.notFound('Форма заявки не найдена.');
    const count = await this.kv.incr(`crm:form:${tenantId}:${ip}`, FORM_WINDOW_SECONDS);
    if (count > FORM_LIMIT) throw Problem.tooManyRequests('Слишком много заявок с вашего адреса. Повторите через 10 минут.', FORM_WINDOW_SECONDS);
    if (body.website) return { accepted: true };
    if (!body.phone && !body.email) throw Problem.badRequest('Оставьте телефон или e-mail, чтобы мы могли связаться с вами.');
    const values = { name: body.name, company: body.company ?? null, phone: body.phone ?? null, email: body.email ?? null, comment: body.comment ?? null, source: 'web_form', status: 'new' };
    await this.db.knex(tenantTable(tenant.schema, 'c_crm_leads')).insert({ id: randomUUID(), ...values, search_text: searchText(catalogFields(leads), values, []) });
    return { accepted: true };
  }

  /** The company's active people, by name: whom a deal's «Менеджер» may name (the field keeps the user's id). */
  async managers(ctx: TenantRequestContext): Promise<{ items: { id: string; name: string }[] }> {
    const items = await this.db
      .knex('platform.memberships as m')
      .join('platform.users as u', 'u.id', 'm.user_id')
      .where({ 'm.tenant_id': ctx.tenant.id, 'm.status': 'active' })
      .select('u.id', this.db.knex.raw("coalesce(nullif(u.full_name, ''), u.email) as name"))
      .orderBy('name');
    return { items };
  }

  /** A Заказ клиента in trade with the deal's products (a draft for the person to check and post); the deal keeps it. */
  async orderFromDeal(ctx: TenantRequestContext, id: string) {
    const deal = await this.catalogs.get(ctx, this.catalog('deals'), id);
    if (deal.order) throw Problem.conflict('По сделке уже создан заказ клиента.', { order: deal.order });
    const lines = await this.catalogs.list(ctx, this.catalog('deal_products'), parseListQuery({ deal: id, limit: '500' }));
    if (!lines.items.length) throw Problem.unprocessable('В сделке нет товаров: добавьте их в «Товары сделок», затем создайте заказ.');
    const decl = this.registry.document('trade', 'customer_order')!;
    return this.db.knex.transaction(async (trx) => {
      // One order per deal, also when two people press the button at once.
      const locked = await trx(tenantTable(ctx.tenant.schema, 'c_crm_deals')).where({ id }).forUpdate().first('order');
      if (locked?.order) throw Problem.conflict('По сделке уже создан заказ клиента.', { order: locked.order });
      // A client new from CRM has no contract yet, and a sales document always names one: its main contract is made.
      const contract = await trx(tenantTable(ctx.tenant.schema, 'c_trade_contracts')).where({ owner_id: deal.counterparty, kind: 'customer', deletion_mark: false }).first('id');
      if (!contract) await this.catalogs.create(ctx, this.catalog('trade.contracts'), { name: 'Основной договор', owner_id: deal.counterparty, kind: 'customer' }, trx);
      const order = await this.documents.create(
        ctx,
        decl,
        { counterparty: deal.counterparty, comment: `Сделка «${deal.name}»`, goods: lines.items.map((l: any) => ({ product: l.product, quantity: l.quantity, price: l.price })) },
        { trx },
      );
      await trx(tenantTable(ctx.tenant.schema, 'c_crm_deals')).where({ id }).update({ order: order.id, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      return order;
    });
  }

  /**
   * The timeline of a client (a counterparty) or a deal, newest first: activities, stage changes, and trade's orders,
   * sales and incoming payments of the client — read through the engine with the user's rights (what the role may
   * not read is left out).
   */
  async timeline(ctx: TenantRequestContext, of: { counterparty?: string; deal?: string }): Promise<{ items: TimelineEntry[] }> {
    let counterparty = of.counterparty;
    const entries: TimelineEntry[] = [];
    const readable = (subject: string) => ctx.ability.can('read', subject);
    if (of.deal) {
      const deal = await this.catalogs.get(ctx, this.catalog('deals'), of.deal);
      counterparty = String(deal.counterparty);
      if (readable('crm.stage_history'))
        for (const h of (await this.catalogs.list(ctx, this.catalog('stage_history'), parseListQuery({ deal: of.deal, limit: '500' }))).items as any[])
          entries.push({ at: iso(h.created_at), kind: 'stage', title: h.name, id: h.id, source: 'crm.stage_history', details: { seconds: h.seconds } });
    } else if (counterparty) {
      await this.catalogs.get(ctx, this.catalog('trade.counterparties'), counterparty);
    } else throw Problem.badRequest('Укажите клиента (counterparty) или сделку (deal).');
    if (readable('crm.activities')) {
      const filter = of.deal ? { deal: of.deal } : { counterparty: counterparty! };
      for (const a of (await this.catalogs.list(ctx, this.catalog('activities'), parseListQuery({ ...filter, limit: '500' }))).items as any[])
        entries.push({ at: iso(a.created_at), kind: a.kind, title: a.name, id: a.id, source: 'crm.activities', details: { due_date: a.due_date, done: a.done, body: a.body } });
    }
    const docs: [string, string][] = [
      ['customer_order', 'Заказ клиента'],
      ['sale', 'Реализация'],
      ['money_in', 'Поступление денег'],
    ];
    for (const [code, title] of docs) {
      if (!readable(`trade.${code}`)) continue;
      const decl = this.registry.document('trade', code)!;
      for (const d of (await this.documents.list(ctx, decl, parseListQuery({ counterparty: counterparty!, limit: '200' }))).items as any[])
        entries.push({ at: `${d.date}T00:00:00.000Z`, kind: code, title: `${title} ${d.number}`, id: d.id, source: `trade.${code}`, details: { status: d.status, total: d.total ?? d.amount } });
    }
    entries.sort((a, b) => b.at.localeCompare(a.at));
    return { items: entries };
  }
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
