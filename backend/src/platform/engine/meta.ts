import type { ModuleAction } from '@workcloud/shared-core';
import type { TenantRequestContext } from '../access/request-context';
import { CustomFieldsService } from './custom-fields.service';
import type { MenuGroup, WorkcloudModule } from '../modules/define-module';
import type { Fields } from './declarations';
import { ConfigurationRegistry, subjectOf } from './registry';

const describeFields = (fields: Fields) => Object.entries(fields).map(([name, f]) => ({ name, ...f }));

/**
 * What the UI needs to draw lists and forms of a module: declarations the user may read, with the tenant's
 * custom fields. `userDefaults` (catalog subject → id, the user's main items): the `default` of the document
 * fields declared `userDefault`, so a new form starts with the user's organization, warehouse….
 */
export async function moduleMeta(
  registry: ConfigurationRegistry,
  customFields: CustomFieldsService,
  ctx: TenantRequestContext,
  module: string,
  groups: MenuGroup[] = [],
  userDefaults = new Map<string, string>(),
  modules: WorkcloudModule[] = [],
) {
  const withUserDefaults = (fields: Fields) =>
    describeFields(fields).map((f) => {
      const catalog = f.userDefault ? registry.resolveRef(module, f.ref) : undefined;
      const id = catalog && userDefaults.get(subjectOf(catalog));
      return id ? { ...f, default: id } : f;
    });
  const readable = registry.byModule(module).filter((d) => ctx.ability.can('read', subjectOf(d)));
  const actions = (subject: string) => (['read', 'create', 'update', 'delete', 'post'] as const).filter((a) => ctx.ability.can(a, subject));
  const out: Record<string, unknown[]> = { catalogs: [], documents: [], registers: [], reports: [] };
  for (const d of readable) {
    const base = { code: d.code, subject: subjectOf(d), title: d.title, titleEn: d.titleEn ?? d.title, group: d.group ?? null, allowedActions: d.kind === 'catalog' && d.readOnly ? actions(subjectOf(d)).filter((a) => a === 'read') : actions(subjectOf(d)) };
    if (d.kind === 'catalog') out.catalogs.push({ ...base, hierarchical: !!d.hierarchical, owner: d.owner ?? null, fields: describeFields(d.fields), customFields: await customFields.of(ctx, subjectOf(d)) });
    if (d.kind === 'document')
      out.documents.push({
        ...base,
        numberPrefix: d.numberPrefix,
        postable: !!d.post,
        basedOn: d.basedOn ?? [],
        formActions: (d.formActions ?? []).map((a) => ({ ...a, titleEn: a.titleEn ?? a.title })),
        moduleActions: documentActionsOn(modules, ctx, subjectOf(d)),
        printForms: (d.printForms ?? []).map((f) => ({ code: f.code, title: f.title, contentType: f.contentType ?? 'application/pdf' })),
        fields: withUserDefaults(d.fields),
        sections: Object.entries(d.sections ?? {}).map(([code, s]) => ({ code, title: s.title, fields: describeFields(s.fields) })),
        customFields: await customFields.of(ctx, subjectOf(d)),
      });
    if (d.kind === 'register') out.registers.push({ ...base, type: d.type, dimensions: describeFields(d.dimensions), resources: describeFields(d.resources) });
    if (d.kind === 'report') out.reports.push({ ...base, params: describeFields(d.params), columns: d.columns, chart: d.chart ?? null });
  }
  // The module's menu groups in their declared order (Продажи, Закупки, …); the UI files items under them.
  return { module, groups, ...out };
}

/**
 * The buttons modules add to a saved document's form (`documentActions` of defineModule): of the modules the company
 * has, those the user's role allows, with the statuses that show each.
 */
export function documentActionsOn(modules: WorkcloudModule[], ctx: TenantRequestContext, subject: string): ModuleAction[] {
  return modules
    .filter((m) => ctx.tenant.modules.includes(m.code))
    .flatMap((m) =>
      (m.definition.documentActions?.[subject] ?? [])
        .filter((a) => !a.can || ctx.ability.can(a.can[0], a.can[1]))
        .map((a) => ({ module: m.code, code: a.code, title: a.title, titleEn: a.titleEn ?? a.title, route: a.route, statuses: a.statuses ?? ['draft', 'posted', 'cancelled'] })),
    );
}
