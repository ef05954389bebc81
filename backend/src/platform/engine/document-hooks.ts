import { Injectable } from '@nestjs/common';
import type { TenantRequestContext } from '../access/request-context';
import type { Knex } from '@mikro-orm/postgresql';
import { Problem } from '../http/problem';
import type { DocumentHook, ModuleDefinition } from '../modules/define-module';
import { tenantTable } from '../tenancy/tenant-schema';
import type { DocumentDeclaration } from './declarations';
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
  private readonly closedPeriods = new Map<string, NonNullable<ModuleDefinition['closedPeriod']>>();

  constructor(catalogue: ModuleCatalogue) {
    for (const m of catalogue.definitions()) {
      for (const [subject, hook] of Object.entries(m.definition.documentHooks ?? {})) this.bySubject.set(subject, [...(this.bySubject.get(subject) ?? []), { module: m.code, post: hook.post, afterPost: hook.afterPost, cancel: hook.cancel }]);
      if (m.definition.closedPeriod) this.closedPeriods.set(m.code, m.definition.closedPeriod);
    }
  }

  /**
   * Refuses a change of a document dated in a period a module keeps closed: the document's own module
   * and the modules hooking it, where the tenant has them. `dates`: every date the change touches.
   */
  async assertOpen(trx: Knex, ctx: TenantRequestContext, decl: DocumentDeclaration, doc: Record<string, any>, dates: (string | undefined)[]) {
    const subject = `${decl.module}.${decl.code}`;
    const modules = [decl.module, ...(this.bySubject.get(subject) ?? []).map((h) => h.module)].filter((m) => ctx.tenant.modules.includes(m));
    for (const module of modules) {
      const check = this.closedPeriods.get(module);
      if (!check) continue;
      for (const date of new Set(dates.filter((d): d is string => !!d))) {
        const refusal = await check(doc, date, { knex: trx, table: (name) => tenantTable(ctx.tenant.schema, name) });
        if (refusal) throw Problem.unprocessable(refusal);
      }
    }
  }

  /** The documents `module` adds movements to, with its hook for each (subject `trade.sale` → hook). */
  hookedBy(module: string): ({ subject: string } & DocumentHook)[] {
    return [...this.bySubject].flatMap(([subject, hooks]) => hooks.filter((h) => h.module === module).map((h) => ({ ...h, subject })));
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
