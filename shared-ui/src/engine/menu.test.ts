import { describe, expect, it } from 'vitest';
import { engineMenu, engineSections } from './menu';
import type { EngineMeta } from './types';

/** The parts of an engine module's meta the menu reads: two groups, one page without a group. */
const entity = (code: string, title: string, group?: string) => ({ code, title, titleEn: `${title} (en)`, group, subject: `shop.${code}`, allowedActions: ['read' as const], fields: [], customFields: [] });
const meta = (groups?: EngineMeta['groups']): EngineMeta => ({
  module: 'shop',
  groups,
  documents: [{ ...entity('sale', 'Продажа', 'sales'), numberPrefix: 'ПР', postable: true, sections: [] }, { ...entity('receipt', 'Поступление', 'purchases'), numberPrefix: 'ПТ', postable: true, sections: [] }],
  catalogs: [{ ...entity('items', 'Товары', 'purchases'), hierarchical: false, owner: null }, { ...entity('notes', 'Заметки'), hierarchical: false, owner: null }],
  registers: [],
  reports: [{ code: 'sales_report', title: 'Отчёт о продажах', group: 'sales', params: [], columns: [], chart: null }],
});
const groups = [
  { code: 'purchases', title: 'Закупки', titleEn: 'Purchases' },
  { code: 'sales', title: 'Продажи', titleEn: 'Sales' },
];
const titles = { documents: 'Документы', catalogs: 'Справочники', reports: 'Отчёты', other: 'Прочее' };

describe('engine menu', () => {
  it('names the module on every item and puts items under their groups in the declared order, ungrouped last', () => {
    const items = engineMenu(meta(groups), '/m/shop');
    expect(items.map((i) => [i.path, i.group?.code ?? null, i.module])).toEqual([
      ['/m/shop/documents/receipt', 'purchases', 'shop'],
      ['/m/shop/catalogs/items', 'purchases', 'shop'],
      ['/m/shop/documents/sale', 'sales', 'shop'],
      ['/m/shop/reports/sales_report', 'sales', 'shop'],
      ['/m/shop/catalogs/notes', null, 'shop'],
    ]);
    expect(items[0].group).toEqual({ code: 'purchases', title: 'Закупки', titleEn: 'Purchases' });
  });

  it('without declared groups: a flat list, documents, catalogs, reports', () => {
    const items = engineMenu(meta(), '/m/shop');
    expect(items.map((i) => i.path)).toEqual(['/m/shop/documents/sale', '/m/shop/documents/receipt', '/m/shop/catalogs/items', '/m/shop/catalogs/notes', '/m/shop/reports/sales_report']);
    expect(items.every((i) => !i.group)).toBe(true);
  });

  it('home sections: one per group in order, then the rest; or documents / catalogs / reports', () => {
    expect(engineSections(meta(groups), '/m/shop', titles).map((s) => [s.title, s.entries.map((e) => e.title)])).toEqual([
      ['Закупки', ['Поступление', 'Товары']],
      ['Продажи', ['Продажа', 'Отчёт о продажах']],
      ['Прочее', ['Заметки']],
    ]);
    expect(engineSections(meta(), '/m/shop', titles).map((s) => [s.title, s.entries.length])).toEqual([
      ['Документы', 2],
      ['Справочники', 2],
      ['Отчёты', 1],
    ]);
    // A group with nothing the role may read is left out.
    expect(engineSections(meta([...groups, { code: 'empty', title: 'Пусто' }]), '/m/shop', titles).map((s) => s.title)).not.toContain('Пусто');
  });
});
