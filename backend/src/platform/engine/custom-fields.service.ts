import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import type { KvStore } from '../cache/kv-store';
import { KV_STORE } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { ConfigurationRegistry } from './registry';
import type { CustomField } from './validation';

/** How long a process keeps a tenant's custom fields of one target; a change bumps the version at once. */
const CUSTOM_FIELDS_TTL_MS = 300_000;

export const customFieldSchema = z.object({
  target: z.string().min(3, 'Укажите, к какому справочнику или документу добавить поле (например trade.products)'),
  code: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'Код поля — латинские строчные буквы, цифры и _'),
  title: z.string().trim().min(1, 'Укажите название поля').max(100),
  type: z.enum(['string', 'integer', 'decimal', 'date', 'boolean', 'enum', 'ref']),
  values: z.record(z.string(), z.string()).optional(),
  ref: z.string().optional(),
  required: z.boolean().default(false),
});
export type CustomFieldInput = z.infer<typeof customFieldSchema>;

/**
 * A company's own fields of catalogs and documents (stored in the records' `custom` JSON): what they
 * are, adding and removing them. Read on every write and validation, so they are cached per process.
 */
@Injectable()
export class CustomFieldsService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly audit: AuditService,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  /** Custom fields by `<schema>:<target>:<version>`, so every write and validation need not read them. */
  private readonly cache = new Map<string, { at: number; fields: CustomField[] }>();

  /**
   * The tenant's own fields of a catalog or document. Cached per process by (schema, target) under the
   * tenant's custom-field version in the KV store, which `invalidate` bumps on every change — so a
   * change is seen by the next request on every backend instance sharing the store.
   */
  async of(ctx: TenantRequestContext, target: string, trx: Knex = this.db.knex): Promise<CustomField[]> {
    const version = (await this.kv.get(`cfv:${ctx.tenant.id}`)) ?? '0';
    const key = `${ctx.tenant.schema}:${target}:${version}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CUSTOM_FIELDS_TTL_MS) return structuredClone(cached.fields);
    const rows = (await trx(tenantTable(ctx.tenant.schema, 'custom_fields')).where({ target }).orderBy('created_at').select('code', 'title', 'type', 'values', 'ref', 'required')) as CustomField[];
    if (this.cache.size >= 1000) this.cache.clear();
    this.cache.set(key, { at: Date.now(), fields: structuredClone(rows) });
    return rows;
  }

  /** Custom fields of the tenant were added or removed: cached ones are stale everywhere. */
  async invalidate(tenantId: string): Promise<void> {
    await this.kv.incr(`cfv:${tenantId}`, 30 * 24 * 3600);
  }

  list(ctx: TenantRequestContext, target?: string) {
    const query = this.db.knex(tenantTable(ctx.tenant.schema, 'custom_fields')).orderBy(['target', 'created_at']);
    if (target) query.where({ target });
    return query.select('id', 'target', 'code', 'title', 'type', 'values', 'ref', 'required');
  }

  async add(ctx: TenantRequestContext, body: CustomFieldInput) {
    const [module, code] = body.target.split('.');
    const decl = this.registry.catalog(module, code) ?? this.registry.document(module, code);
    if (!decl) throw Problem.badRequest(`Нет справочника или документа «${body.target}».`);
    if (!ctx.tenant.modules.includes(module)) throw Problem.forbidden(`Модуль «${module}» не подключён для вашей компании.`);
    if (Object.hasOwn(decl.fields, body.code)) throw Problem.conflict(`У «${decl.title}» уже есть поле «${body.code}».`);
    if (body.type === 'enum' && !Object.keys(body.values ?? {}).length) throw Problem.badRequest('Для поля-перечисления укажите значения (values).');
    if (body.type === 'ref' && !this.registry.resolveRef(module, body.ref)) throw Problem.badRequest('Для поля-ссылки укажите справочник (ref), например trade.products.');
    const id = randomUUID();
    const table = tenantTable(ctx.tenant.schema, 'custom_fields');
    await this.db.knex.transaction(async (trx) => {
      const clash = await trx(table).where({ target: body.target, code: body.code }).first('id');
      if (clash) throw Problem.conflict(`Поле «${body.code}» уже добавлено.`);
      await trx(table).insert({ id, ...body, values: body.values ? JSON.stringify(body.values) : null });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'create', entity: 'CustomField', entityId: id, after: body }, trx);
    });
    await this.invalidate(ctx.tenant.id);
    return { id, ...body };
  }

  async remove(ctx: TenantRequestContext, id: string): Promise<void> {
    const deleted = await this.db.knex(tenantTable(ctx.tenant.schema, 'custom_fields')).where({ id: z.uuid().parse(id) }).delete().returning('*');
    if (!deleted.length) throw Problem.notFound('Поле не найдено.');
    await this.invalidate(ctx.tenant.id);
    await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'delete', entity: 'CustomField', entityId: id, before: deleted[0] });
  }
}
