import type { Fields } from './declarations';
import { ConfigurationRegistry } from './registry';

const empty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * What a field's `requiredWhen` (declarations.ts) refuses: each empty field one of whose conditions holds — the
 * item its header reference points to has the boolean setting on — with a message naming the item and the setting.
 */
export async function requiredWhenIssues(
  registry: ConfigurationRegistry,
  module: string,
  fields: Fields,
  record: Record<string, unknown>,
  read: (catalog: string, id: string) => Promise<Record<string, any> | null>,
): Promise<{ field: string; message: string }[]> {
  const out: { field: string; message: string }[] = [];
  for (const [name, f] of Object.entries(fields)) {
    if (!f.requiredWhen || !empty(record[name])) continue;
    for (const c of f.requiredWhen) {
      const ref = fields[c.field].ref!;
      const item = empty(record[c.field]) ? null : await read(ref, String(record[c.field]));
      if (item?.[c.setting] !== true) continue;
      const catalog = registry.resolveRef(module, ref)!;
      const setting = catalog.fields[c.setting].title;
      out.push({ field: name, message: `«${f.title}»: обязательное поле — у «${item.name}» («${fields[c.field].title}») включено «${setting}»` });
      break;
    }
  }
  return out;
}
