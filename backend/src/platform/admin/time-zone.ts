/**
 * The company's time zone: whose calendar day is «today» for its documents and reports (shared-core's
 * businessDate). Read by every request through the tenant context (TenantContextService caches it), set by
 * the company admin (PUT /api/admin/company/time-zone) or at onboarding; the default is Moscow.
 */
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '@workcloud/shared-core';
import { z } from 'zod';
import type { TenantRequestContext } from '../access/request-context';
import type { AuditService } from '../audit/audit.service';
import type { Database } from '../database/database';
import type { TenantContextService } from '../tenancy/tenant-context.service';
import { tenantToday } from '../time/clock';

/** Any IANA name Intl knows ('Asia/Vladivostok'); the letter case is corrected, anything else is a Russian 400. */
export const timeZoneSchema = z
  .string()
  .max(64)
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    ctx.addIssue({ code: 'custom', message: `Часовой пояс «${zone}» неизвестен. Укажите название из базы IANA, например Europe/Moscow, Asia/Yekaterinburg или Asia/Vladivostok.` });
    return z.NEVER;
  });

export const timeZoneBody = z.object({ timeZone: timeZoneSchema });

export interface CompanyTimeZone {
  timeZone: string;
  /** Today in that zone, as documents created now are dated. */
  today: string;
}

function answer(timeZone: string): CompanyTimeZone {
  return { timeZone, today: tenantToday({ timeZone }) };
}

export async function readTimeZone(db: Database, tenantId: string): Promise<CompanyTimeZone> {
  const row = await db.knex('platform.tenants').where({ id: tenantId }).first('time_zone');
  return answer(row?.time_zone ?? DEFAULT_TIME_ZONE);
}

/** Saves the zone with an audit entry; the cached tenant context is dropped, so the next request (any instance) uses it. */
export async function saveTimeZone(
  deps: { db: Database; audit: AuditService; tenants: TenantContextService },
  ctx: TenantRequestContext,
  timeZone: string,
): Promise<CompanyTimeZone> {
  await deps.db.knex.transaction(async (trx) => {
    const before = await trx('platform.tenants').where({ id: ctx.tenant.id }).forUpdate().first('time_zone');
    await trx('platform.tenants').where({ id: ctx.tenant.id }).update({ time_zone: timeZone });
    await deps.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'CompanySettings', before: { timeZone: before?.time_zone ?? null }, after: { timeZone } }, trx);
  });
  await deps.tenants.invalidateTenant(ctx.tenant.id);
  return answer(timeZone);
}
