import type { AppAbility, Me, ModuleMenuItem } from '@workcloud/shared-ui/core';
import { modulePath, type ModuleState } from './registry';

export interface MenuEntry {
  path: string;
  title: string;
  /** The module's title (and the section's, when it has sections), for search. */
  group?: string;
  code?: string;
}

/** A section of a module's menu (Продажи, Закупки…) as the module declares it; `code` '' holds items of no section. */
export interface MenuSection {
  code: string;
  title: string;
  items: MenuEntry[];
}

export interface MenuGroup {
  code: string;
  title: string;
  path: string;
  items: MenuEntry[];
  /** The items by section, in the module's order; null when the module declares no sections (a flat list). */
  sections: MenuSection[] | null;
  hasUi: boolean;
  status: ModuleState['status'];
}

/**
 * The side menu: one group per module of /api/me, with the pages its UI declares and the role allows,
 * under the module's sections (items' `group`) in the order the module lists them.
 */
export function buildMenu(me: Me, states: ModuleState[], ability: AppAbility, lang: string): MenuGroup[] {
  const en = lang === 'en';
  return me.modules.map((m) => {
    const st = states.find((s) => s.code === m.code);
    const title = en ? m.titleEn : m.title;
    const allowed = (st?.menu ?? []).filter((i) => !i.can || ability.can(i.can[0], i.can[1]));
    const entry = (i: ModuleMenuItem): MenuEntry => ({ path: i.path, title: en ? (i.titleEn ?? i.title) : i.title, group: title, code: m.code });
    return { code: m.code, title, path: modulePath(m.code), items: allowed.map(entry), sections: sectionsOf(allowed, entry, en), hasUi: !!m.remote, status: st?.status ?? 'idle' };
  });
}

/** Items by their `group`, sections in the order of their first item; items of no section last. */
function sectionsOf(items: ModuleMenuItem[], entry: (i: ModuleMenuItem) => MenuEntry, en: boolean): MenuSection[] | null {
  if (!items.some((i) => i.group)) return null;
  const sections = new Map<string, MenuSection>();
  for (const i of items) {
    const code = i.group?.code ?? '';
    let section = sections.get(code);
    if (!section) sections.set(code, (section = { code, title: i.group ? (en ? (i.group.titleEn ?? i.group.title) : i.group.title) : '', items: [] }));
    const e = entry(i);
    section.items.push(i.group ? { ...e, group: `${e.group} · ${section.title}` } : e);
  }
  const ungrouped = sections.get('');
  sections.delete('');
  return ungrouped ? [...sections.values(), ungrouped] : [...sections.values()];
}

export function flatMenu(groups: MenuGroup[]): MenuEntry[] {
  return groups.flatMap((g) => (g.items.length ? (g.sections?.flatMap((s) => s.items) ?? g.items) : g.hasUi ? [{ path: g.path, title: g.title, group: g.title, code: g.code }] : []));
}
