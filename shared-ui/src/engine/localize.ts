import type { EngineMeta } from './types';

type Titled = { title: string; titleEn?: string };
const english = <T extends Titled>(o: T): T => (o.titleEn ? { ...o, title: o.titleEn } : o);
const allEnglish = <T extends Titled>(list: T[]) => list.map(english);

/** The metadata with the declarations' English titles (where given), so the pages need not care about the language. */
export function localizeMeta(meta: EngineMeta, lang: string): EngineMeta {
  if (lang !== 'en') return meta;
  return {
    ...meta,
    groups: meta.groups && allEnglish(meta.groups),
    catalogs: meta.catalogs.map((c) => ({ ...english(c), fields: allEnglish(c.fields) })),
    documents: meta.documents.map((d) => ({ ...english(d), fields: allEnglish(d.fields), sections: d.sections.map((s) => ({ ...english(s), fields: allEnglish(s.fields) })), formActions: d.formActions && allEnglish(d.formActions), moduleActions: d.moduleActions && allEnglish(d.moduleActions) })),
    reports: meta.reports.map((r) => ({ ...english(r), params: allEnglish(r.params), columns: allEnglish(r.columns) })),
  };
}
