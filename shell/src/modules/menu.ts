import type { AppAbility, Me } from '@workcloud/shared-ui/core';
import { modulePath, type ModuleState } from './registry';

export interface MenuEntry {
  path: string;
  title: string;
  /** The module's title, for grouping and search. */
  group?: string;
  code?: string;
}

export interface MenuGroup {
  code: string;
  title: string;
  path: string;
  items: MenuEntry[];
  hasUi: boolean;
  status: ModuleState['status'];
}

/** The side menu: one group per module of /api/me, with the pages its UI declares and the role allows. */
export function buildMenu(me: Me, states: ModuleState[], ability: AppAbility, lang: string): MenuGroup[] {
  return me.modules.map((m) => {
    const st = states.find((s) => s.code === m.code);
    const title = lang === 'en' ? m.titleEn : m.title;
    const items = (st?.menu ?? [])
      .filter((i) => !i.can || ability.can(i.can[0], i.can[1]))
      .map((i) => ({ path: i.path, title: lang === 'en' ? (i.titleEn ?? i.title) : i.title, group: title, code: m.code }));
    return { code: m.code, title, path: modulePath(m.code), items, hasUi: !!m.remote, status: st?.status ?? 'idle' };
  });
}

export function flatMenu(groups: MenuGroup[]): MenuEntry[] {
  return groups.flatMap((g) => (g.items.length ? g.items : g.hasUi ? [{ path: g.path, title: g.title, group: g.title, code: g.code }] : []));
}
