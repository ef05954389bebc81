import { Inject, Injectable } from '@nestjs/common';
import type { OnboardInput } from '@workcloud/shared-core';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { Problem } from '../http/problem';

/** The owner's onboarding, under the id that makes a repeated request safe. */
export type ProvisionRequest = OnboardInput & { requestId: string };

/**
 * The backend never creates schemas itself: tenant lifecycle belongs to the tenant-provisioner
 * process, called over HTTP with a shared secret (PROVISIONER_URL, PROVISIONER_TOKEN).
 */
@Injectable()
export class ProvisionerClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.config.provisionerUrl), {
        method,
        headers: { authorization: `Bearer ${this.config.provisionerToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new Problem(503, 'Сервис подключения недоступен', 'Сервис подключения клиентов (tenant-provisioner) не отвечает. Повторите попытку через минуту — запрос можно безопасно повторить.');
    }
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Problem(res.status, data?.title ?? 'Ошибка подключения', data?.detail ?? `Провижинер ответил ${res.status}`, data?.errors ? { errors: data.errors } : {});
    return data as T;
  }

  provision(req: ProvisionRequest) {
    return this.call<{ tenantId: string; status: string; steps: string[] }>('POST', '/tenants', req);
  }
  suspend(tenantId: string) {
    return this.call<{ tenantId: string; status: string }>('POST', `/tenants/${tenantId}/suspend`);
  }
  resume(tenantId: string) {
    return this.call<{ tenantId: string; status: string }>('POST', `/tenants/${tenantId}/resume`);
  }
}
