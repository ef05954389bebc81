import { Injectable } from '@nestjs/common';
import type { TenantRequestContext } from '../access/request-context';
import type { DocumentHook } from '../modules/define-module';
import { ModuleCatalogue } from '../modules/module-catalogue';

/**
 * Which modules add movements to which documents (`documentHooks` of defineModule): accounting's
 * entries for a trade sale are written in the sale's posting transaction — only where the tenant has
 * accounting. The document's module never imports the hooking module.
 */
@Injectable()
export class DocumentHooks {
  /** Document subject (`trade.sale`) → the modules hooking it. */
  private readonly bySubject = new Map<string, ({ module: string } & DocumentHook)[]>();

  constructor(catalogue: ModuleCatalogue) {
    for (const m of catalogue.definitions())
      for (const [subject, hook] of Object.entries(m.definition.documentHooks ?? {})) this.bySubject.set(subject, [...(this.bySubject.get(subject) ?? []), { module: m.code, post: hook.post }]);
  }

  /** The hooks to run when posting: modules the tenant has bought. */
  active(ctx: TenantRequestContext, subject: string) {
    return (this.bySubject.get(subject) ?? []).filter((h) => ctx.tenant.modules.includes(h.module));
  }

  /** Modules whose movements of this document may exist (bought, or removed with their tables kept): reversed on cancel. */
  withTables(ctx: TenantRequestContext, subject: string): string[] {
    return (this.bySubject.get(subject) ?? []).map((h) => h.module).filter((m) => ctx.tenant.modules.includes(m) || ctx.tenant.keptModules?.includes(m));
  }
}
