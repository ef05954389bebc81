import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { whereAllowed } from '../access/ability';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import type { DocumentDeclaration } from './declarations';
import { applyListQuery, type ListColumns, type ListQuery } from './list-query';
import { documentFields, toApi, type DocumentOut } from './records';
import { subjectOf, tableOf } from './registry';

/** The engine's own columns of every document list, besides its declared fields. */
export const DOCUMENT_COLUMNS: ListColumns = {
  number: { type: 'string', title: 'Номер' },
  date: { type: 'date', title: 'Дата' },
  status: { type: 'enum', title: 'Статус', values: { draft: 'Черновик', posted: 'Проведён', cancelled: 'Отменён' } },
  created_at: { type: 'timestamp', title: 'Создан' },
  created_by: { type: 'ref', title: 'Автор' },
};

/** Reading documents through the caller's row rules: lists and one document with its lines. */
@Injectable()
export class DocumentReader {
  constructor(private readonly db: Database) {}

  async list(ctx: TenantRequestContext, decl: DocumentDeclaration, query: ListQuery, trx: Knex = this.db.knex) {
    const fields = documentFields(decl);
    const q = trx(tenantTable(ctx.tenant.schema, tableOf.document(decl)));
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    applyListQuery(q, { ...DOCUMENT_COLUMNS, ...decl.fields }, query);
    if (!query.sort) q.orderBy([{ column: 'date', order: 'desc' }, { column: 'number', order: 'desc' }]);
    const [{ count }] = await q.clone().clearSelect().clearOrder().count<{ count: string }[]>('* as count');
    const rows = await q.select('*').limit(query.limit).offset(query.offset);
    return { items: rows.map((r) => toApi(fields, r)), total: Number(count) };
  }

  /** One document with its lines; `forUpdate`: its row locked until the end of `trx`. */
  async get(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, trx: Knex = this.db.knex, forUpdate = false): Promise<DocumentOut> {
    if (!z.uuid().safeParse(id).success) throw Problem.notFound(`${decl.title}: документ не найден.`);
    const q = trx(tenantTable(ctx.tenant.schema, tableOf.document(decl))).where({ id });
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    if (forUpdate) q.forUpdate();
    const row = await q.first();
    if (!row) throw Problem.notFound(`${decl.title}: документ не найден.`);
    const doc: Record<string, unknown> = toApi(documentFields(decl), row);
    for (const [section, s] of Object.entries(decl.sections ?? {})) {
      const lines = await trx(tenantTable(ctx.tenant.schema, tableOf.lines(decl, section))).where({ doc_id: id }).orderBy('line_no');
      doc[section] = lines.map(({ doc_id: _d, ...l }) => toApi(s.fields, l));
    }
    return doc as DocumentOut;
  }
}
