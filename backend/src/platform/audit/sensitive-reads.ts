import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import type { RequestContext } from '../access/request-context';
import { PERSONAL_DATA_SUBJECT } from '../engine/personal-fields';
import { ConfigurationRegistry, subjectOf } from '../engine/registry';
import { AuditService } from './audit.service';

/** Field types that hold bank details (a settlement account and its bank's БИК). */
const SENSITIVE_TYPES = new Set(['account', 'bik']);
const CATALOG_ROUTES = new Set(['/api/:module/catalogs/:code', '/api/:module/catalogs/:code/:id']);
const MAX_IDS = 200;

/**
 * Reading bank details or personal data is audited: a successful GET of a catalog whose declaration has bank fields
 * (organizations, counterparties…) or `personal: true` fields (employees' passport, СНИЛС, ИНН) leaves a `read` row
 * naming the records returned (ids and names: whose data) and who read them; `masked` says the reader's role saw the
 * personal fields masked.
 */
@Injectable()
export class SensitiveReadAudit implements NestInterceptor {
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest & { wc?: RequestContext }>();
    const route = req.routeOptions?.url;
    if (req.method !== 'GET' || !route || !CATALOG_ROUTES.has(route)) return next.handle();
    const { module, code } = req.params as Record<string, string>;
    const decl = this.registry.catalog(module, code);
    const fields = decl ? Object.entries(decl.fields).filter(([, f]) => SENSITIVE_TYPES.has(f.type) || f.personal).map(([name]) => name) : [];
    const personal = !!decl && Object.values(decl.fields).some((f) => f.personal);
    const wc = req.wc;
    if (!decl || !fields.length || !wc?.tenant) return next.handle();
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          (async () => {
            const records = (Array.isArray((body as { items?: unknown[] })?.items) ? (body as { items: { id?: string; name?: string }[] }).items : [body as { id?: string; name?: string }]).filter((r) => r?.id);
            if (records.length)
              await this.audit.record({
                tenantId: wc.tenant!.id,
                userId: wc.principal.userId,
                apiKeyId: wc.apiKeyId,
                ip: wc.ip,
                action: 'read',
                entity: subjectOf(decl),
                entityId: records.length === 1 ? String(records[0].id) : null,
                after: {
                  fields,
                  ids: records.slice(0, MAX_IDS).map((r) => r.id),
                  ...(personal ? { names: records.slice(0, MAX_IDS).map((r) => r.name ?? null), masked: !wc.ability?.can('read', PERSONAL_DATA_SUBJECT) } : {}),
                  count: records.length,
                },
              });
            return body;
          })(),
        ),
      ),
    );
  }
}
