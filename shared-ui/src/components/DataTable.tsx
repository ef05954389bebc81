import { lazy, Suspense } from 'react';
import type { GridColDef, GridFilterModel, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import { Loading } from './States';

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
}

const Grid = lazy(() => import('./DataTableGrid'));

/** MUI X DataGrid with WorkCloud defaults (Russian texts, column choice, server paging). */
export function DataTable<Row extends { id: string }>(props: DataTableProps<Row>) {
  return (
    <Suspense fallback={<Loading />}>
      <Grid {...(props as any)} />
    </Suspense>
  );
}
