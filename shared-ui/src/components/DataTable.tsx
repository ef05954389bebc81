import { useMediaQuery, useTheme } from '@mui/material';
import { lazy, Suspense, useState } from 'react';
import type { GridColDef, GridFilterModel, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import DataTableCards from './DataTableCards';
import { ErrorState, Loading } from './States';

export type DataTableColumn<Row = any> = GridColDef<Row & { id: string }>;

export interface DataTableProps<Row extends { id: string }> {
  rows: Row[];
  columns: DataTableColumn<Row>[];
  loading?: boolean;
  /** Server-side paging/sorting/filtering: the page passes rowCount and listens to the models. */
  server?: boolean;
  rowCount?: number;
  paginationModel?: GridPaginationModel;
  onPaginationModelChange?: (m: GridPaginationModel) => void;
  onSortModelChange?: (m: GridSortModel) => void;
  onFilterModelChange?: (m: GridFilterModel) => void;
  onRowClick?: (row: Row) => void;
  /** Column chooser and density in a toolbar (default on). */
  toolbar?: boolean;
  rowHeight?: 'auto';
  ariaLabel?: string;
  /** On phones the rows become cards (default); false keeps the grid there too. */
  cardsOnPhone?: boolean;
}

const Grid = lazy(() => import('./DataTableGrid'));

/**
 * MUI X DataGrid with WorkCloud defaults (Russian texts, column choice, server paging); on a
 * phone (narrower than 600 px) the same rows and columns as cards (DataTableCards).
 */
export function DataTable<Row extends { id: string }>(props: DataTableProps<Row>) {
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'), { noSsr: true });
  if (phone && props.cardsOnPhone !== false) return <DataTableCards {...props} />;
  return (
    <Suspense fallback={<Loading />}>
      <Grid {...(props as any)} />
    </Suspense>
  );
}

/** What an RTK Query hook of a server-paged list returns (`{ items, total }` from the API). */
export interface PagedQueryResult<Item> {
  data?: { items: Item[]; total: number };
  error?: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/** The page a server-paged list shows, and the `limit`/`offset` to ask the API for it. */
export function usePaging(pageSize = 25) {
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize });
  return { page, setPage, limit: page.pageSize, offset: page.page * page.pageSize };
}


type PagedProps<Row extends { id: string }> = Omit<DataTableProps<Row>, 'rows' | 'server' | 'rowCount' | 'loading' | 'paginationModel' | 'onPaginationModelChange'> & {
  query: PagedQueryResult<unknown>;
  paging: ReturnType<typeof usePaging>;
  /** The rows to show, when the page maps the API's items (default: the items as they are). */
  rows?: Row[];
};

/** A server-paged DataTable for a list query: its error with a retry, or its page of rows. */
export function PagedDataTable<Row extends { id: string }>({ query, paging, rows, ...table }: PagedProps<Row>) {
  if (query.error) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return (
    <DataTable<Row>
      {...table}
      rows={rows ?? ((query.data?.items ?? []) as Row[])}
      loading={query.isFetching}
      server
      rowCount={query.data?.total ?? 0}
      paginationModel={paging.page}
      onPaginationModelChange={paging.setPage}
    />
  );
}
