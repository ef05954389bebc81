import type { ModuleMenuItem } from '../core';
import type { EngineMeta } from './types';

/** One entry of an engine module: a document, catalog or report page. */
export interface EngineEntry {
  path: string;
  title: string;
  titleEn?: string;
  kind: 'documents' | 'catalogs' | 'reports';
  /** The code of the module's menu group it is declared in (meta.groups), if any. */
  group?: string;
}

/** A section of an engine module (its menu group, or documents / catalogs / reports when it declares none). */
export interface EngineSection {
  code: string;
  title: string;
  titleEn?: string;
  entries: EngineEntry[];
}

/** Everything of the module the user may read: documents, catalogs, reports. */
export function engineEntries(meta: EngineMeta, basePath: string): EngineEntry[] {
  return [
    ...meta.documents.map((d) => ({ path: `${basePath}/documents/${d.code}`, title: d.title, titleEn: d.titleEn, kind: 'documents' as const, group: d.group })),
    ...meta.catalogs.map((c) => ({ path: `${basePath}/catalogs/${c.code}`, title: c.title, titleEn: c.titleEn, kind: 'catalogs' as const, group: c.group })),
    ...meta.reports.map((r) => ({ path: `${basePath}/reports/${r.code}`, title: r.title, titleEn: r.titleEn, kind: 'reports' as const, group: r.group })),
  ];
}

/**
 * The module's entries by section, empty sections left out: its declared menu groups in order, then
 * what has no group (`titles.other`). Without declared groups (older backends, modules that declare
 * none): documents, catalogs, reports. `titles` are in the page's language.
 */
export function engineSections(meta: EngineMeta, basePath: string, titles: Record<EngineEntry['kind'] | 'other', string>): EngineSection[] {
  const entries = engineEntries(meta, basePath);
  const groups = meta.groups ?? [];
  const sections: EngineSection[] = groups.length
    ? [...groups.map((g) => ({ ...g, entries: entries.filter((e) => e.group === g.code) })), { code: '', title: titles.other, entries: entries.filter((e) => !groups.some((g) => g.code === e.group)) }]
    : (['documents', 'catalogs', 'reports'] as const).map((kind) => ({ code: kind, title: titles[kind], entries: entries.filter((e) => e.kind === kind) }));
  return sections.filter((s) => s.entries.length);
}

/**
 * Side-menu entries for everything of the module the user may read, each naming its module (one remote
 * serves several engine modules) and, when the module declares menu groups, its group — in the groups'
 * order, entries without a group last.
 */
export function engineMenu(meta: EngineMeta, basePath: string): ModuleMenuItem[] {
  const groups = meta.groups ?? [];
  const entries = engineEntries(meta, basePath);
  const rank = (e: EngineEntry) => {
    const i = groups.findIndex((g) => g.code === e.group);
    return i < 0 ? groups.length : i;
  };
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => {
      const group = groups.find((g) => g.code === e.group);
      return { path: e.path, title: e.title, titleEn: e.titleEn, module: meta.module, ...(group ? { group: { code: group.code, title: group.title, titleEn: group.titleEn } } : {}) };
    });
}
