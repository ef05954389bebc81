import { useMediaQuery, useTheme } from '@mui/material';
import { lazy, Suspense } from 'react';
import type { GridColDef, GridFilterModel, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import DataTableCards from './DataTableCards';
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
