import { zipSync } from 'fflate';
import type { Knex } from '@mikro-orm/postgresql';
import { Problem } from '../../platform/http/problem';
import { edoFiles } from './catalogs';
import type { Box } from './flow';
import { boxOf, edoTable } from './store';

/**
 * A document's archive as the ФНС requires it to be kept: every file of its flow under its ИдФайл with the detached
 * signature beside it (`<ИдФайл>.xml.sig`, CMS DER), in one zip named by the document's ИдФайл.
 */
export async function documentArchive(knex: Knex, schema: string, box: Box, id: string): Promise<{ zip: Buffer; filename: string }> {
  const doc = /^[0-9a-f-]{36}$/i.test(id) ? await knex(edoTable(schema, boxOf(box))).where({ id }).first('file_id') : undefined;
  if (!doc) throw Problem.notFound('Документ ЭДО не найден.');
  const files = await knex(edoTable(schema, edoFiles)).where({ document: id, box }).orderBy('created_at').select('file_id', 'content', 'signature_der', 'created_at');
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const f of files) {
    const mtime = new Date(f.created_at);
    entries[`${f.file_id}.xml`] = [Buffer.from(f.content, 'base64'), { mtime }];
    if (f.signature_der) entries[`${f.file_id}.xml.sig`] = [Buffer.from(f.signature_der, 'base64'), { mtime }];
  }
  return { zip: Buffer.from(zipSync(entries, { level: 6 })), filename: `${doc.file_id}.zip` };
}
