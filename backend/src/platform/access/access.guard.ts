import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeyService, isApiKey, type ApiKeyCaller } from '../api-keys/api-keys.service';
import { TokenService } from '../auth/tokens';
import { Problem } from '../http/problem';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { buildAbility } from './ability';
import { FROM_ROUTE, IS_PUBLIC, MODULE_CODE, OWNER_ONLY, REQUIRED_PERMISSION, type RequestContext } from './request-context';
import type { Action } from './subjects';
import { ModuleCatalogue } from '../modules/module-catalogue';
import { actionTitles, SubjectRegistry } from './subjects';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs before every route: who is calling (verified token), in which tenant (from the token, checked
 * against the database), whether the tenant bought the route's module, and whether the user's roles
 * allow the action. The tenant always comes from the token — never from a header or the body.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly tenants: TenantContextService,
    private readonly catalogue: ModuleCatalogue,
    private readonly subjects: SubjectRegistry,
    private readonly apiKeys: ApiKeyService,
  ) {}

  private meta<T>(key: string, ctx: ExecutionContext): T | undefined {
    return this.reflector.getAllAndOverride<T>(key, [ctx.getHandler(), ctx.getClass()]);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { wc?: RequestContext }>();
    if (this.meta<boolean>(IS_PUBLIC, ctx)) return true;

    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) throw Problem.unauthorized('Нужен заголовок Authorization: Bearer <токен доступа>. Войдите в систему.');
    const token = header.slice(7).trim();
    if (isApiKey(token)) {
      // An API key passes the same checks as a session below, with its role's rules; each call is audited.
      const key = await this.apiKeys.authenticate(token, req.ip);
      req.wc = { principal: key.principal, ip: req.ip, apiKeyId: key.id };
      const call = { method: req.method, route: req.routeOptions.url ?? req.url, ip: req.ip };
      try {
        const admitted = await this.admit(ctx, req, req.wc, key);
        await this.apiKeys.recordCall(key, call, { allowed: true });
        return admitted;
      } catch (e) {
        await this.apiKeys.recordCall(key, call, { allowed: false, status: e instanceof Problem ? e.getStatus() : 500 });
        throw e;
      }
    }
    const principal = await this.tokens.verifyAccess(token);
    if (await this.tenants.isSessionRevoked(principal.sessionId)) throw Problem.unauthorized('Сессия завершена. Войдите заново.');
    const wc: RequestContext = { principal, ip: req.ip };
    req.wc = wc;
    return this.admit(ctx, req, wc);
  }

  /** Tenant, module and permission checks, the same for a session and an API key. */
  private async admit(ctx: ExecutionContext, req: FastifyRequest, wc: RequestContext, key?: ApiKeyCaller): Promise<boolean> {
    const principal = wc.principal;
    if (this.meta<boolean>(OWNER_ONLY, ctx)) {
      if (!principal.isOwner) throw Problem.forbidden('Этот раздел доступен только владельцу платформы WorkCloud.');
      return true;
    }
    const params = (req.params ?? {}) as Record<string, string>;
    const declaredModule = this.meta<string>(MODULE_CODE, ctx) ?? 'core';
    const moduleCode = declaredModule === FROM_ROUTE ? params.module : declaredModule;
    if (key && moduleCode === 'core') throw Problem.forbidden('API-ключ не открывает вход, сессии и учётную запись: для них войдите в систему как сотрудник.');
    if (moduleCode !== 'core') await this.catalogue.refreshFor(moduleCode);
    if (declaredModule === FROM_ROUTE && !this.catalogue.exists(moduleCode)) throw Problem.notFound(`Модуля «${moduleCode}» нет в WorkCloud.`);
    if (!principal.tenantId) {
      // The owner's session has no tenant: it may use core routes (/api/me) only.
      if (moduleCode === 'core') return true;
      throw Problem.forbidden('Сессия не привязана к компании. Войдите в систему как сотрудник компании.');
    }

    const tenant = await this.tenants.tenant(principal.tenantId);
    if (!tenant) throw Problem.unauthorized('Компания не найдена. Войдите заново.');
    if (tenant.status === 'archived' || tenant.status === 'provisioning')
      throw Problem.forbidden('Компания отключена от WorkCloud. Обратитесь к владельцу платформы.');
    const rules = key ? await this.apiKeys.rules(key, tenant) : await this.tenants.rules(tenant, principal.userId);
    if (!rules && key) throw Problem.forbidden('API-ключ не действует: его роль удалена или выпустивший его сотрудник отключён. Выпустите новый ключ.');
    if (!rules) throw Problem.forbidden('Ваша учётная запись в этой компании отключена. Обратитесь к администратору компании.');
    wc.tenant = tenant;
    wc.rules = rules;
    wc.ability = buildAbility(rules, principal.userId);

    if (tenant.status === 'suspended' && !READ_METHODS.has(req.method) && moduleCode !== 'core')
      throw Problem.forbidden('Работа компании приостановлена за неоплату: данные доступны только для просмотра. Оплатите счёт, чтобы продолжить.', { reason: 'tenant_suspended' });

    if (moduleCode !== 'core' && !this.catalogue.isIncludedForAll(moduleCode) && !tenant.modules.includes(moduleCode)) {
      const title = this.catalogue.title(moduleCode);
      if (tenant.keptModules?.includes(moduleCode)) {
        if (READ_METHODS.has(req.method)) return this.checkPermission(ctx, wc, params);
        throw Problem.forbidden(`Модуль «${title}» отключён: его данные сохранены и доступны только для просмотра. Чтобы работать в нём, администратор компании может подключить его снова в разделе «Подписка и оплата».`, {
          missingModule: moduleCode,
          readOnly: true,
        });
      }
      throw Problem.forbidden(`Модуль «${title}» не подключён для вашей компании. Администратор компании может подключить его в разделе «Подписка и оплата».`, {
        missingModule: moduleCode,
      });
    }

    return this.checkPermission(ctx, wc, params);
  }

  private checkPermission(ctx: ExecutionContext, wc: RequestContext, params: Record<string, string>): boolean {
    const declared = this.meta<{ action: Action; subject: string }>(REQUIRED_PERMISSION, ctx);
    const needed = declared && declared.subject === FROM_ROUTE ? { action: declared.action, subject: `${params.module}.${params.code}` } : declared;
    if (needed && !wc.ability!.can(needed.action, needed.subject)) {
      const subjectTitle = this.subjects.get(needed.subject)?.title ?? needed.subject;
      throw Problem.forbidden(`Недостаточно прав: нужно право «${actionTitles[needed.action].ru}» на «${subjectTitle}». Попросите администратора компании добавить его в вашу роль.`, {
        missingPermission: needed,
      });
    }
    return true;
  }
}
