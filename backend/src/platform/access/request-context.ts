import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from '../auth/tokens';
import type { AppAbility, RoleRule } from './ability';
import type { Action } from './subjects';

/** The tenant a request works in, as loaded from the platform schema (never from client input). */
export interface TenantContext {
  id: string;
  name: string;
  schema: string;
  status: 'provisioning' | 'trial' | 'active' | 'past_due' | 'suspended' | 'archived';
  modules: string[];
  /** Modules removed from the tenant whose tables (data) its schema keeps: readable, not writable. */
  keptModules?: string[];
  /** IANA time zone whose calendar day is the company's «today» (platform.tenants.time_zone); absent in caches written before it existed. */
  timeZone?: string;
}

/** Everything the access guard established about a request; handlers read it with `@Ctx()`. */
export interface RequestContext {
  principal: Principal;
  tenant?: TenantContext;
  rules?: RoleRule[];
  ability?: AppAbility;
  ip: string;
  /** Set when the call came with an API key (`wc_…`): the key's id; the principal is the person who issued it. */
  apiKeyId?: string;
}

/** The handler's view of a tenant request: tenant and ability are always there. */
export type TenantRequestContext = Required<Pick<RequestContext, 'tenant' | 'ability' | 'rules'>> & RequestContext;

export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  return ctx.switchToHttp().getRequest().wc;
});

export const IS_PUBLIC = 'wc:public';
export const OWNER_ONLY = 'wc:owner-only';
export const MODULE_CODE = 'wc:module';
export const REQUIRED_PERMISSION = 'wc:permission';

/** No sign-in needed (health, login, refresh). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only the platform owner's session may call it. */
export const OwnerOnly = () => SetMetadata(OWNER_ONLY, true);
/**
 * The module a controller belongs to: calls are refused with 403 when the tenant has not bought it.
 * `core` routes (sign-in, /api/me) belong to every tenant.
 */
export const ForModule = (code: string) => SetMetadata(MODULE_CODE, code);
/** For the configuration engine's generic routes: the module and the subject come from the URL (`/api/:module/…/:code`). */
export const FROM_ROUTE = '$route';

/** The CASL permission a route needs, e.g. `@Allow('create', 'User')`. */
export const Allow = (action: Action, subject: string) => SetMetadata(REQUIRED_PERMISSION, { action, subject });
