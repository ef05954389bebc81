import type { EngineDocumentMeta, EngineMeta, EngineRecord } from './types';

/** Documents that may be made from `source` («Создать на основании»), among those the user may create. */
export function basedOnTargets(meta: EngineMeta | undefined, source: string): EngineDocumentMeta[] {
  return (meta?.documents ?? []).filter((d) => d.allowedActions.includes('create') && d.basedOn?.some((b) => b.from === source));
}

/** The address of a new `target` document made from the source document `id`. */
export const basedOnPath = (basePath: string, target: string, from: string, id: string) => `${basePath}/documents/${target}/new?from=${encodeURIComponent(from)}&basis=${encodeURIComponent(id)}`;

/** `?from=&basis=` of the page, when a new document is made from another. */
export function basisOfLocation(): { from: string; id: string } | null {
  const q = new URLSearchParams(window.location.search);
  const from = q.get('from');
  const id = q.get('basis');
  return from && id ? { from, id } : null;
}

/**
 * The new document's values from its source: header fields and table lines of the same names (not its
 * date, number or status), the link to the source, and the declared `copy` of fields of other names.
 */
export function valuesFromBasis(target: EngineDocumentMeta, from: string, source: EngineRecord): EngineRecord {
  const rule = target.basedOn?.find((b) => b.from === from);
  const out: Record<string, unknown> = {};
  for (const f of target.fields) if (!f.computed && source[f.name] !== undefined && source[f.name] !== null) out[f.name] = source[f.name];
  for (const [field, sourceField] of Object.entries(rule?.copy ?? {})) out[field] = source[sourceField];
  if (rule?.link) out[rule.link] = source.id;
  for (const s of target.sections) {
    const lines = source[s.code] as Record<string, unknown>[] | undefined;
    if (Array.isArray(lines)) out[s.code] = lines.map((l) => Object.fromEntries(s.fields.filter((f) => !f.computed && l[f.name] !== undefined).map((f) => [f.name, l[f.name]])));
  }
  return out as EngineRecord;
}
