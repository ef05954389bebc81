import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { TenantRequestContext } from '../access/request-context';
import { buildAbility, type RoleRule } from '../access/ability';
import type { HookContext, HookDocuments } from '../modules/define-module';
import type { DocumentDeclaration, PostingContext } from './declarations';
import type { DocumentsService } from './documents.service';
import type { PostingService } from './posting.service';
import { ConfigurationRegistry, subjectOf } from './registry';

/**
 * `ctx.documents` of a document hook: the hooking module's own documents created, posted, cancelled and
 * deleted in the hooked document's transaction. The module acts on its own authority — whoever posts a
 * trade sale gets its счёт-фактура even without rights in accounting — limited to its own documents.
 * The engine's services attach themselves (DocumentsService's constructor): they run the hooks, so they
 * cannot be injected here.
 */
@Injectable()
export class HookDocumentsFactory {
  private services?: { documents: DocumentsService; posting: PostingService };

  constructor(private readonly registry: ConfigurationRegistry) {}

  attach(documents: DocumentsService, posting: PostingService) {
    this.services = { documents, posting };
  }

  /** The hook context in `module`: `base` (its posting context) plus its documents in `trx`. */
  context(trx: Knex.Transaction, ctx: TenantRequestContext, module: string, base: PostingContext): HookContext {
    return { ...base, documents: this.documents(trx, this.moduleAuthority(ctx, module), module) };
  }

  private documents(trx: Knex.Transaction, ctx: TenantRequestContext, module: string): HookDocuments {
    const decl = (code: string): DocumentDeclaration => {
      const d = this.registry.document(module, code);
      if (!d) throw new Error(`documentHooks: у модуля «${module}» нет документа «${code}»`);
      return d;
    };
    return {
      create: (code, body, options = {}) => this.engine.documents.create(ctx, decl(code), body, { post: options.post, trx }),
      post: async (code, id) => void (await this.engine.posting.postInTransaction(trx, ctx, decl(code), id)),
      cancel: async (code, id) => void (await this.engine.posting.cancelInTransaction(trx, ctx, decl(code), id)),
      delete: (code, id) => this.engine.documents.delete(ctx, decl(code), id, trx),
    };
  }

  private get engine() {
    if (!this.services) throw new Error('HookDocumentsFactory: DocumentsService не создан');
    return this.services;
  }

  /** The caller, with every right on the module's documents and nothing else (periods are still checked). */
  private moduleAuthority(ctx: TenantRequestContext, module: string): TenantRequestContext {
    const subjects = this.registry.byModule(module).filter((d): d is DocumentDeclaration => d.kind === 'document').map(subjectOf);
    const rules: RoleRule[] = [{ action: 'manage', subject: subjects }];
    return { ...ctx, rules, ability: buildAbility(rules, ctx.principal.userId) };
  }
}
