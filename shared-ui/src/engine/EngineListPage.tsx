import AddIcon from '@mui/icons-material/Add';
import FilterIcon from '@mui/icons-material/FilterList';
import SearchIcon from '@mui/icons-material/Search';
import { Badge, Box, Button, Card, CardActionArea, CardContent, InputAdornment, Pagination, Stack, TextField, Typography, useMediaQuery, useTheme } from '@mui/material';
import type { GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { DataTable, type DataTableColumn } from '../components/DataTable';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState } from '../components/States';
import { DateInput, EnumInput } from '../forms/fields';
import { linkProps, navigate } from '../navigation';
import { useDebounced } from '../hooks';
import { useEngineListQuery } from './api';
import { FieldValue, StatusChip } from './display';
import { RefInput, type InputField } from './FieldInput';
import { useEngineT } from './i18n';
import type { EngineCatalogMeta, EngineDocumentMeta, EngineKind, EngineRecord } from './types';

export interface EngineListProps {
  module: string;
  basePath: string;
  kind: EngineKind;
  entity: EngineCatalogMeta | EngineDocumentMeta;
}

type Column = InputField & { name: string };


/**
 * The list of any catalog or document: server paging and sorting, quick search, filters for the
 * enum, reference and date fields, status chips, and «Создать» when the role may create.
 * On a phone the rows become cards.
 */
export function EngineListPage({ module, basePath, kind, entity }: EngineListProps) {
  const { t } = useEngineT();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const isDoc = kind === 'documents';
  const path = `${basePath}/${kind}/${entity.code}`;
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [showFilters, setShowFilters] = useState(false);
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [sort, setSort] = useState<string | undefined>();
  const q = useDebounced(search.trim());
  useEffect(() => setPage((p) => ({ ...p, page: 0 })), [q, filters]);

  const { data, isFetching, error, refetch } = useEngineListQuery({
    module,
    kind,
    code: entity.code,
    params: { search: q, sort, limit: page.pageSize, offset: page.page * page.pageSize, ...filters },
  });

  // Columns: what identifies a row first, then the declared fields (up to six, unless marked list: false).
  const columns: Column[] = useMemo(() => {
    const own = entity.fields.filter((f) => f.list !== false && f.type !== 'text').slice(0, 6);
    return isDoc
      ? [{ name: 'number', type: 'string', title: t('number') }, { name: 'date', type: 'date', title: t('date') }, ...own]
      : [{ name: 'name', type: 'string', title: t('name') }, ...own];
  }, [entity, isDoc, t]);

  const filterFields: Column[] = useMemo(
    () => [
      ...(isDoc ? [{ name: 'status', type: 'enum' as const, title: t('status'), values: { draft: t('status_draft'), posted: t('status_posted'), cancelled: t('status_cancelled') } }] : []),
      ...(isDoc ? [{ name: 'date', type: 'date' as const, title: t('date') }] : []),
      ...('owner' in entity && entity.owner ? [{ name: 'owner_id', type: 'ref' as const, ref: entity.owner, title: t('owner') }] : []),
      ...entity.fields.filter((f) => f.type === 'enum' || f.type === 'ref' || f.type === 'date'),
    ],
    [entity, isDoc, t],
  );
  const activeFilters = Object.values(filters).filter(Boolean).length;
  const setFilter = (name: string, v: string | null) => setFilters((f) => ({ ...f, [name]: v ?? '' }));

  const gridColumns: DataTableColumn<EngineRecord>[] = [
    ...columns.map(
      (c): DataTableColumn<EngineRecord> => ({
        field: c.name,
        headerName: c.title,
        flex: c.type === 'ref' || c.name === 'name' ? 2 : 1,
        minWidth: c.name === 'name' ? 200 : 130,
        align: c.type === 'money' || c.type === 'decimal' || c.type === 'integer' ? 'right' : 'left',
        headerAlign: c.type === 'money' || c.type === 'decimal' || c.type === 'integer' ? 'right' : 'left',
        sortable: c.type !== 'ref',
        // Filtering is done by the filter row above, on the server.
        filterable: false,
        renderCell: (p) => <FieldValue module={module} field={c} value={p.row[c.name]} />,
      }),
    ),
    ...(isDoc ? [{ field: 'status', headerName: t('status'), minWidth: 170, filterable: false, renderCell: (p: { row: EngineRecord }) => <StatusChip status={String(p.row.status)} /> }] : []),
  ];

  const onSort = (m: GridSortModel) => setSort(m[0] ? `${m[0].sort === 'desc' ? '-' : ''}${m[0].field}` : undefined);
  const open = (row: EngineRecord) => navigate(`${path}/${row.id}`);
  const rows = data?.items ?? [];

  return (
    <Box>
      <PageHeader
        title={entity.title}
        crumbs={[{ label: t(kind), path: basePath }, { label: entity.title }]}
        actions={
          entity.allowedActions.includes('create') && (
            <Button variant="contained" startIcon={<AddIcon />} {...linkProps(`${path}/new`)}>
              {t('common:create')}
            </Button>
          )
        }
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mb: 2 }}>
        <TextField
          size="small"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('searchPlaceholder')}
          slotProps={{ htmlInput: { 'aria-label': t('searchPlaceholder') }, input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
          sx={{ flex: 1, maxWidth: { sm: 420 }, bgcolor: 'background.paper' }}
        />
        {filterFields.length > 0 && (
          <Button startIcon={<Badge color="primary" badgeContent={activeFilters}><FilterIcon /></Badge>} onClick={() => setShowFilters((s) => !s)} aria-expanded={showFilters}>
            {t('filters')}
          </Button>
        )}
      </Stack>
      {showFilters && (
        <Box role="group" aria-label={t('filters')} sx={{ display: 'grid', gap: 1.5, mb: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(auto-fill, minmax(220px, 1fr))' }, alignItems: 'start' }}>
          {filterFields.map((f) =>
            f.type === 'enum' ? (
              <EnumInput key={f.name} size="small" label={f.title} value={filters[f.name] ?? ''} onChange={(v) => setFilter(f.name, v)} options={[{ value: '', label: t('any') }, ...Object.entries(f.values ?? {}).map(([value, label]) => ({ value, label }))]} />
            ) : f.type === 'ref' ? (
              <RefInput key={f.name} size="small" module={module} refCode={f.ref ?? ''} label={f.title} value={filters[f.name] || null} onChange={(v) => setFilter(f.name, v)} />
            ) : (
              <Fragment key={f.name}>
                <DateInput size="small" label={`${f.title}: ${t('from')}`} value={filters[`${f.name}_from`] ?? ''} onChange={(v) => setFilter(`${f.name}_from`, v)} />
                <DateInput size="small" label={`${f.title}: ${t('to')}`} value={filters[`${f.name}_to`] ?? ''} onChange={(v) => setFilter(`${f.name}_to`, v)} />
              </Fragment>
            ),
          )}
          {activeFilters > 0 && <Button onClick={() => setFilters({})} sx={{ justifySelf: 'start' }}>{t('clearFilters')}</Button>}
        </Box>
      )}
      {error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : phone ? (
        <Stack spacing={1} aria-label={entity.title} role="list">
          {!isFetching && rows.length === 0 && <EmptyState title={t('common:nothingFound')} />}
          {rows.map((row) => (
            <Card key={row.id} variant="outlined" role="listitem">
              <CardActionArea {...linkProps(`${path}/${row.id}`)}>
                <CardContent sx={{ py: 1.5 }}>
                  <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, alignItems: 'center' }}>
                    <Typography sx={{ fontWeight: 600 }}>
                      <FieldValue module={module} field={columns[0]} value={row[columns[0].name]} />
                      {isDoc && <> · <FieldValue module={module} field={columns[1]} value={row.date} /></>}
                    </Typography>
                    {isDoc && <StatusChip status={String(row.status)} />}
                  </Box>
                  {columns.slice(isDoc ? 2 : 1, isDoc ? 5 : 4).map((c) => (
                    <Typography key={c.name} variant="body2" color="text.secondary">
                      {c.title}: <FieldValue module={module} field={c} value={row[c.name]} />
                    </Typography>
                  ))}
                </CardContent>
              </CardActionArea>
            </Card>
          ))}
          {(data?.total ?? 0) > page.pageSize && (
            <Pagination count={Math.ceil((data?.total ?? 0) / page.pageSize)} page={page.page + 1} onChange={(_, p) => setPage({ ...page, page: p - 1 })} sx={{ alignSelf: 'center' }} />
          )}
        </Stack>
      ) : (
        <DataTable<EngineRecord>
          server
          rows={rows}
          columns={gridColumns}
          loading={isFetching}
          rowCount={data?.total ?? 0}
          paginationModel={page}
          onPaginationModelChange={setPage}
          onSortModelChange={onSort}
          onRowClick={open}
          // The search box above serves both layouts; the grid's own quick filter would only filter one page.
          toolbar={false}
          ariaLabel={entity.title}
        />
      )}
    </Box>
  );
}
