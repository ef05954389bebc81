import { Box, Card, CardActionArea, Typography } from '@mui/material';
import { useMemo, type ComponentType } from 'react';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { linkProps, useLocationPath } from '../navigation';
import { useEngineMetaQuery } from './api';
import { EngineFormPage, type EngineFormProps } from './EngineFormPage';
import { EngineListPage, type EngineListProps } from './EngineListPage';
import { EngineReportPage, type EngineReportProps } from './EngineReportPage';
import { useEngineT } from './i18n';
import { localizeMeta } from './localize';
import { engineSections } from './menu';
import type { EngineMeta } from './types';

/** A module's own pages for some catalogs, documents or reports, used instead of the generic ones. */
export interface EngineOverrides {
  catalogs?: Record<string, { List?: ComponentType<EngineListProps>; Form?: ComponentType<EngineFormProps> }>;
  documents?: Record<string, { List?: ComponentType<EngineListProps>; Form?: ComponentType<EngineFormProps> }>;
  reports?: Record<string, ComponentType<EngineReportProps>>;
}

/**
 * All pages of an engine module under its basePath:
 *   (home)                  what the module has, by section
 *   catalogs/:code[/:id|new]  list / form
 *   documents/:code[/:id|new] list / form
 *   reports/:code            report
 */
export function EngineModuleRoot({ module, basePath, overrides = {} }: { module: string; basePath: string; overrides?: EngineOverrides }) {
  const { t, i18n } = useEngineT();
  const path = useLocationPath();
  const { data, error, refetch } = useEngineMetaQuery(module);
  const meta = useMemo(() => data && localizeMeta(data, i18n.language), [data, i18n.language]);
  if (error) return <ErrorState error={error} onRetry={refetch} />;
  if (!meta) return <Loading />;

  const [kind, code, id] = path.slice(basePath.length).split('/').filter(Boolean);
  if (!kind) return <ModuleHome meta={meta} basePath={basePath} />;
  const notFound = <EmptyState title={t('notFound')} action={<a {...linkProps(basePath)}>{t('moduleHome')}</a>} />;

  if (kind === 'reports') {
    const report = meta.reports.find((r) => r.code === code);
    if (!report) return notFound;
    const Page = overrides.reports?.[code] ?? EngineReportPage;
    return <Page key={code} module={module} basePath={basePath} report={report} />;
  }
  if (kind !== 'catalogs' && kind !== 'documents') return notFound;
  const entity = (kind === 'catalogs' ? meta.catalogs : meta.documents).find((e) => e.code === code);
  if (!entity) return notFound;
  const own = overrides[kind]?.[code];
  if (!id) {
    const List = own?.List ?? EngineListPage;
    return <List key={`${kind}/${code}`} module={module} basePath={basePath} kind={kind} entity={entity} />;
  }
  if (id === 'new' && !entity.allowedActions.includes('create')) return <EmptyState title={t('common:noAccess')} />;
  const Form = own?.Form ?? EngineFormPage;
  // Keyed by the catalog/document only: after «Записать» a new record's URL gets its id without losing the form.
  return <Form key={`${kind}/${code}`} module={module} basePath={basePath} kind={kind} entity={entity} id={id} />;
}

function ModuleHome({ meta, basePath }: { meta: EngineMeta; basePath: string }) {
  const { t } = useEngineT();
  // One section per menu group of the module (as its side menu), or documents / catalogs / reports.
  const groups = engineSections(meta, basePath, { documents: t('documents'), catalogs: t('catalogs'), reports: t('reports'), other: t('otherSection') }).map((s) => ({ title: s.title, items: s.entries }));
  return (
    <Box>
      <PageHeader title={t('moduleHome')} />
      {!groups.length && <EmptyState title={t('nothingInModule')} />}
      {groups.map((g) => (
        <Box key={g.title} component="section" aria-label={g.title} sx={{ mb: 3 }}>
          <Typography variant="h2" sx={{ mb: 1 }}>
            {g.title}
          </Typography>
          <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}>
            {g.items.map((i) => (
              <Card key={i.path} variant="outlined">
                <CardActionArea {...linkProps(i.path)} sx={{ p: 2 }}>
                  <Typography sx={{ fontWeight: 600 }}>{i.title}</Typography>
                </CardActionArea>
              </Card>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
