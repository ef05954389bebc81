import type { ModuleMenuItem } from '../core';
import type { EngineMeta } from './types';

/** Side-menu entries for everything of the module the user may read. */
export function engineMenu(meta: EngineMeta, basePath: string): ModuleMenuItem[] {
  return [
    ...meta.documents.map((d) => ({ path: `${basePath}/documents/${d.code}`, title: d.title, titleEn: d.titleEn })),
    ...meta.catalogs.map((c) => ({ path: `${basePath}/catalogs/${c.code}`, title: c.title, titleEn: c.titleEn })),
    ...meta.reports.map((r) => ({ path: `${basePath}/reports/${r.code}`, title: r.title, titleEn: r.titleEn })),
  ];
}
