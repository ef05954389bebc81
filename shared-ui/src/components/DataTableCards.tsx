import { Box, Card, CardContent, Pagination, Stack, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataTableColumn, DataTableProps } from './DataTable';
import { EmptyState, Loading } from './States';

const CLIENT_PAGE_SIZE = 25;

/**
 * DataTable on a phone: one card per row instead of a grid that scrolls sideways. The first
 * column is the card's title, every other column a «Header: value» line, rendered by the same
 * column definitions as the grid (renderCell / valueGetter / valueFormatter), so a page declares
 * its columns once. Clicking a card (or Enter on it) is the grid's row click.
 */
export default function DataTableCards<Row extends { id: string }>(props: DataTableProps<Row>) {
  const { t } = useTranslation('common');
  const [clientPage, setClientPage] = useState(0);
  const columns = props.columns.filter((c) => c.field !== '__check__');
  const [title, ...details] = columns;
  const pageSize = props.server ? (props.paginationModel?.pageSize ?? CLIENT_PAGE_SIZE) : CLIENT_PAGE_SIZE;
  const page = props.server ? (props.paginationModel?.page ?? 0) : clientPage;
  const total = props.server ? (props.rowCount ?? props.rows.length) : props.rows.length;
  const rows = props.server ? props.rows : props.rows.slice(page * pageSize, (page + 1) * pageSize);
  const setPage = (p: number) => (props.server ? props.onPaginationModelChange?.({ page: p, pageSize }) : setClientPage(p));

  if (props.loading && rows.length === 0) return <Loading />;
  return (
    <Stack spacing={1}>
      <Stack spacing={1} role="list" aria-label={props.ariaLabel}>
        {rows.length === 0 && <EmptyState title={t('nothingFound')} />}
        {rows.map((row) => (
          <Card
            key={row.id}
            variant="outlined"
            role="listitem"
            tabIndex={props.onRowClick ? 0 : undefined}
            onClick={props.onRowClick ? () => props.onRowClick!(row) : undefined}
            onKeyDown={props.onRowClick ? (e) => e.key === 'Enter' && e.target === e.currentTarget && props.onRowClick!(row) : undefined}
            sx={{ cursor: props.onRowClick ? 'pointer' : undefined }}
          >
            <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
              {title && <Box sx={{ fontWeight: 600, mb: 0.5 }}>{cell(title, row)}</Box>}
              {details.map((c) => (
                <Box key={c.field} sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 1, flexWrap: 'wrap', py: 0.25 }}>
                  {c.headerName && c.field !== 'actions' && (
                    <Typography variant="body2" color="text.secondary">
                      {c.headerName}
                    </Typography>
                  )}
                  <Box sx={{ typography: 'body2', textAlign: 'right', minWidth: 0, overflowWrap: 'anywhere', ml: 'auto' }}>{cell(c, row)}</Box>
                </Box>
              ))}
            </CardContent>
          </Card>
        ))}
      </Stack>
      {total > pageSize && <Pagination count={Math.ceil(total / pageSize)} page={page + 1} onChange={(_, p) => setPage(p - 1)} sx={{ alignSelf: 'center' }} />}
    </Stack>
  );
}

/** What the grid would show in this column's cell, from the column's own definition. */
function cell<Row extends { id: string }>(column: DataTableColumn<Row>, row: Row): ReactNode {
  // Pages' getters and renderers read (value, row) and params.row / params.value; no grid API here.
  const c = column as any;
  const raw = (row as any)[column.field];
  const value = c.valueGetter ? c.valueGetter(raw, row, column, null) : raw;
  if (c.renderCell) return c.renderCell({ row, value, field: column.field, id: row.id, colDef: column });
  const shown = c.valueFormatter ? c.valueFormatter(value, row, column, null) : value;
  return shown === null || shown === undefined || shown === '' ? '—' : String(shown);
}
