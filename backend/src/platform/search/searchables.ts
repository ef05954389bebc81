import type { CatalogDeclaration, DocumentDeclaration, Fields } from '../engine/declarations';
import { ConfigurationRegistry, tableOf } from '../engine/registry';

/** How the workplace's search reads one catalog or document: derived once from its declaration's `search`. */
export interface Searchable {
  decl: CatalogDeclaration | DocumentDeclaration;
  table: string;
  /** Text columns matched besides `search_text` (the quick-search words, which already hold name/code or number). */
  texts: string[];
  /** References matched by the name (a document: the number) of what they refer to; the first one is shown in the subtitle. */
  refs: { field: string; table: string; column: 'name' | 'number' }[];
  /** The money field matched by an amount typed and shown in the subtitle. */
  amount?: string;
}

const TEXT_TYPES = new Set(['string', 'text', 'inn', 'kpp', 'ogrn', 'bik', 'account', 'email', 'phone']);

/** The fields a declaration is searched by: its own `search.fields`, or the quick-search fields and, for a document, its total. */
function searchFields(decl: CatalogDeclaration | DocumentDeclaration): string[] {
  if (decl.search) return decl.search.fields;
  const marked = Object.entries(decl.fields).filter(([, f]) => f.search && !f.personal).map(([name]) => name);
  const money = decl.kind === 'document' ? Object.entries(decl.fields).filter(([, f]) => f.type === 'money').map(([name]) => name) : [];
  return money.length ? [...marked, money[money.length - 1]] : marked;
}

/**
 * Every searchable catalog and document of the registry. A `search` naming a field the declaration
 * does not have, a personal one (found only by exact value) or one of a type the search cannot
 * match stops the start naming the declaration's file.
 */
export function searchablesOf(registry: ConfigurationRegistry): Searchable[] {
  const out: Searchable[] = [];
  for (const decl of registry.all()) {
    if ((decl.kind !== 'catalog' && decl.kind !== 'document') || decl.search === false) continue;
    const fields: Fields = decl.fields;
    const s: Searchable = { decl, table: decl.kind === 'catalog' ? tableOf.catalog(decl) : tableOf.document(decl), texts: [], refs: [] };
    for (const name of searchFields(decl)) {
      const f = fields[name];
      const fail = (why: string) => new Error(`${decl.kind === 'catalog' ? 'справочник' : 'документ'} «${decl.module}.${decl.code}» (${decl.file ?? ''}): search — поле «${name}» ${why}`);
      if (!f) throw fail('не объявлено в fields');
      if (f.personal) throw fail('— персональные данные, их находят только по точному значению');
      if (f.type === 'ref') {
        const target = registry.resolveRef(decl.module, f.ref)!;
        s.refs.push({ field: name, table: target.kind === 'catalog' ? tableOf.catalog(target) : tableOf.document(target), column: target.kind === 'catalog' ? 'name' : 'number' });
      } else if (f.type === 'money') {
        if (s.amount) throw fail(`— сумма уже «${s.amount}», по сумме ищут по одному полю`);
        s.amount = name;
      } else if (TEXT_TYPES.has(f.type)) {
        if (!f.search) s.texts.push(name);
      } else throw fail(`типа «${f.type}» — искать можно по тексту, ссылке или сумме`);
    }
    out.push(s);
  }
  return out;
}
