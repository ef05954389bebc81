import { DataGrid, type GridColDef, type GridPaginationModel, type GridSortModel, type GridFilterModel } from '@mui/x-data-grid';
import { ruRU } from '@mui/x-data-grid/locales';
import { useTranslation } from 'react-i18next';
import type { DataTableProps } from './DataTable';

/** The heavy part of DataTable: loaded on first use, so the shell's first screen stays small. */
export default function DataTableGrid<Row extends { id: string }>(props: DataTableProps<Row>) {
  const { i18n } = useTranslation();
  const localeText =
    i18n.language === 'en'
      ? undefined
      : {
          ...ruRU.components.MuiDataGrid.defaultProps.localeText,
          // Not translated in the shipped ruRU locale.
          paginationDisplayedRows: ({ from, to, count, estimated }: { from: number; to: number; count: number; estimated?: number }) =>
            `${from}–${to} из ${count === -1 ? `более ${estimated ?? to}` : count}`,
        };
  return (
    <DataGrid
      rows={props.rows}
      columns={props.columns as GridColDef[]}
      rowCount={props.rowCount}
      loading={props.loading}
      paginationMode={props.server ? 'server' : 'client'}
      sortingMode={props.server ? 'server' : 'client'}
      filterMode={props.server ? 'server' : 'client'}
      paginationModel={props.paginationModel}
      onPaginationModelChange={(m: GridPaginationModel) => props.onPaginationModelChange?.(m)}
      onSortModelChange={(m: GridSortModel) => props.onSortModelChange?.(m)}
      onFilterModelChange={(m: GridFilterModel) => props.onFilterModelChange?.(m)}
      pageSizeOptions={[10, 25, 50, 100]}
      onRowClick={props.onRowClick ? (p) => props.onRowClick!(p.row as Row) : undefined}
      disableRowSelectionOnClick
      autoHeight
      localeText={localeText}
      showToolbar={props.toolbar !== false}
      slotProps={{ toolbar: { csvOptions: { disableToolbarButton: true }, printOptions: { disableToolbarButton: true } } as never }}
      label={props.ariaLabel}
      getRowHeight={props.rowHeight === 'auto' ? () => 'auto' : undefined}
      sx={{
        bgcolor: 'background.paper',
        '& .MuiDataGrid-row': props.onRowClick ? { cursor: 'pointer' } : undefined,
        // Auto-height rows: keep every cell's content vertically centred.
        '& .MuiDataGrid-cell': { display: 'flex', alignItems: 'center', py: props.rowHeight === 'auto' ? 0.75 : 0 },
      }}
    />
  );
}
