import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';

const day = (what: string) => z.iso.date({ message: `${what} — дата в формате ГГГГ-ММ-ДД (UTC)` });

/** The tenant admin's search: period (UTC days, inclusive), person (id or part of e-mail/name), object, action. */
export const auditFilter = z.object({
  from: day('Начало периода').optional(),
  to: day('Конец периода').optional(),
  person: z.string().trim().max(200).optional(),
  apiKeyId: z.uuid({ message: 'API-ключ — UUID' }).optional(),
  entity: z.string().trim().max(200).optional(),
  entityId: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The company's audit rows matching the filter, with the person's e-mail and name, newest first. */
export function auditQuery(knex: Knex, tenantId: string, f: AuditFilter) {
  const q = knex('platform.audit_log as a').leftJoin('platform.users as u', 'u.id', 'a.user_id').where('a.tenant_id', tenantId);
  if (f.from) q.where('a.at', '>=', `${f.from}T00:00:00Z`);
  if (f.to) q.whereRaw(`a.at < (?::date + 1)::timestamp AT TIME ZONE 'UTC'`, [f.to]);
  if (f.person) {
    if (UUID.test(f.person)) q.where('a.user_id', f.person);
    else q.where((w) => w.whereILike('u.email', `%${escapeLike(f.person!)}%`).orWhereILike('u.full_name', `%${escapeLike(f.person!)}%`));
  }
  if (f.apiKeyId) q.where('a.api_key_id', f.apiKeyId);
  if (f.entity) q.where('a.entity', f.entity);
  if (f.entityId) q.where('a.entity_id', f.entityId);
  if (f.action) q.where('a.action', f.action);
  return q;
}

export const auditColumns = [
  'a.id',
  'a.at',
  'a.user_id as userId',
  'u.email as userEmail',
  'u.full_name as userName',
  'a.api_key_id as apiKeyId',
  'a.ip',
  'a.action',
  'a.entity',
  'a.entity_id as entityId',
  'a.before',
  'a.after',
];

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet does not run it as a formula. */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const CSV_HEADER = ['Номер', 'Время (UTC)', 'E-mail', 'ФИО', 'API-ключ', 'Адрес', 'Действие', 'Объект', 'Id объекта', 'Было', 'Стало'];
export const CSV_LIMIT = 100_000;

/** The filtered rows as CSV (UTF-8 with BOM for Excel, «;» between cells), up to CSV_LIMIT rows. */
export async function auditCsv(knex: Knex, tenantId: string, f: AuditFilter): Promise<string> {
  const rows = await auditQuery(knex, tenantId, f).orderBy('a.id', 'desc').limit(CSV_LIMIT).select(auditColumns);
  const lines = [CSV_HEADER.map(cell).join(';')];
  for (const r of rows) lines.push([r.id, r.at, r.userEmail, r.userName, r.apiKeyId, r.ip, r.action, r.entity, r.entityId, r.before, r.after].map(cell).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
