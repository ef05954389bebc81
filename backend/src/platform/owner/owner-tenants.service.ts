import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BillingClock } from '../../modules/billing/clock';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { ModuleCatalogue } from '../modules/module-catalogue';
import { ModuleOffer } from '../modules/module-offer.service';
import { monthlyTotalSql } from '../modules/module-prices';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { pathId } from './path-id';
import { ProvisionerClient, type ProvisionRequest } from './provisioner.client';

export type TenantStatus = 'provisioning' | 'trial' | 'active' | 'past_due' | 'suspended' | 'archived';

const TENANT_NOT_FOUND = 'Клиент не найден.';

/** The owner's clients: list, onboarding (through the tenant-provisioner), card, suspension, UI pins. */
@Injectable()
export class OwnerTenantsService {
  constructor(
    private readonly db: Database,
    private readonly provisioner: ProvisionerClient,
    private readonly catalogue: ModuleCatalogue,
    private readonly offer: ModuleOffer,
    private readonly tenants: TenantContextService,
    private readonly audit: AuditService,
    private readonly clock: BillingClock,
  ) {}

  async list(query: { q?: string; status?: TenantStatus; limit: number; offset: number }) {
    const k = this.db.knex;
    const q = k('platform.tenants as t');
    if (query.q) q.where((w) => w.whereILike('t.name', `%${query.q}%`).orWhere('t.inn', 'like', `${query.q}%`));
    if (query.status) q.where('t.status', query.status);
    const total = Number((await q.clone().count<{ count: string }[]>('* as count'))[0].count);
    const items = await q
      .select(
        't.id',
        't.name',
        't.inn',
        't.kpp',
        't.status',
        't.schema_version as schemaVersion',
        't.trial_ends_on as trialEndsOn',
        't.created_at as createdAt',
        k.raw(`array(SELECT module_code FROM platform.tenant_modules tm WHERE tm.tenant_id = t.id ORDER BY 1) AS modules`),
        k.raw(`${monthlyTotalSql('t.id')} AS "monthlyKopecks"`, [this.clock.today()]),
        k.raw(`(SELECT count(*)::int FROM platform.memberships ms WHERE ms.tenant_id = t.id AND ms.status = 'active') AS "userCount"`),
        k.raw(`(SELECT max(at) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success) AS "lastSignInAt"`),
      )
      .orderBy('t.created_at', 'desc')
      .limit(query.limit)
      .offset(query.offset);
    return { items: items.map((t) => ({ ...t, monthlyKopecks: Number(t.monthlyKopecks) })), total };
  }

  /**
   * A new client: its modules must be on sale (not always included, not the owner's, not switched off by
   * the owner); the provisioner creates the schema, roles and the first admin. A repeated request id
   * (Idempotency-Key) finishes the same onboarding instead of creating a second client.
   */
  async onboard(userId: string, req: Omit<ProvisionRequest, 'requestId'>, idempotencyKey?: string) {
    await this.catalogue.refreshFor(...req.modules);
    const unknown = req.modules.filter((m) => !this.catalogue.isSellable(m));
    if (unknown.length) {
      const message = `Нет таких модулей для продажи: ${unknown.join(', ')}. Список — GET /api/owner/modules.`;
      throw Problem.badRequest(message, { errors: [{ field: 'modules', message }] });
    }
    const off = await this.offer.unavailable(req.modules);
    if (off.length) {
      const message = `Сняты с продажи: ${off.map((m) => `«${m.title}»`).join(', ')}. Новым клиентам их не подключают.`;
      throw Problem.badRequest(message, { errors: [{ field: 'modules', message }] });
    }
    const requestId = idempotencyKey?.slice(0, 200) || randomUUID();
    const result = await this.provisioner.provision({ requestId, ...req });
    await this.audit.record({ tenantId: result.tenantId, userId, action: 'onboard', entity: 'Tenant', entityId: result.tenantId, after: { name: req.name, inn: req.inn, modules: req.modules, adminEmail: req.adminEmail } });
    return { id: result.tenantId, status: result.status };
  }

  async card(rawId: string) {
    const id = pathId(rawId, TENANT_NOT_FOUND);
    const tenant = await this.db.knex('platform.tenants').where({ id }).first('id', 'name', 'inn', 'kpp', 'status', 'schema_version as schemaVersion', 'trial_ends_on as trialEndsOn', 'created_at as createdAt');
    if (!tenant) throw Problem.notFound(TENANT_NOT_FOUND);
    const modules = await this.db.knex('platform.tenant_modules').where({ tenant_id: id }).select('module_code as code', 'enabled_at as enabledAt', 'ui_version_pin as uiVersionPin');
    const users = await this.db.knex('platform.memberships as m').join('platform.users as u', 'u.id', 'm.user_id').where('m.tenant_id', id).select('u.email', 'u.full_name as fullName', 'm.status');
    return { ...tenant, modules, users };
  }

  /** Suspends (read-only) or resumes a client through the provisioner. */
  async setSuspended(userId: string, rawId: string, suspended: boolean) {
    const id = await this.existing(rawId);
    const result = suspended ? await this.provisioner.suspend(id) : await this.provisioner.resume(id);
    await this.tenants.invalidateTenant(id);
    await this.audit.record({ tenantId: id, userId, action: suspended ? 'suspend' : 'resume', entity: 'Tenant', entityId: id });
    return result;
  }

  /** Pins a client to a UI version of one of its modules (null: the current version for everyone). */
  async pinUi(userId: string, rawId: string, code: string, version: string | null) {
    const tenantId = await this.existing(rawId);
    await this.catalogue.refreshFor(code);
    if (!this.catalogue.exists(code)) throw Problem.notFound(`Модуля «${code}» нет в каталоге.`);
    if (version) {
      const exists = await this.db.knex('platform.module_ui_versions').where({ module_code: code, version }).first('version');
      if (!exists) throw Problem.badRequest(`У модуля «${this.catalogue.title(code)}» нет версии интерфейса ${version}.`, { errors: [{ field: 'version', message: `Нет такой версии интерфейса: ${version}` }] });
    }
    const updated = await this.db.knex('platform.tenant_modules').where({ tenant_id: tenantId, module_code: code }).update({ ui_version_pin: version });
    if (!updated) throw Problem.notFound(`У клиента не подключён модуль «${this.catalogue.title(code)}».`);
    await this.audit.record({ tenantId, userId, action: 'pin-ui', entity: 'TenantModule', entityId: code, after: { version } });
    return { tenantId, module: code, uiVersionPin: version };
  }

  /** The id of a client that exists, else 404. */
  private async existing(rawId: string): Promise<string> {
    const id = pathId(rawId, TENANT_NOT_FOUND);
    if (!(await this.db.knex('platform.tenants').where({ id }).first('id'))) throw Problem.notFound(TENANT_NOT_FOUND);
    return id;
  }
}
