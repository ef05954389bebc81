import { Box, Typography, useMediaQuery, useTheme } from '@workcloud/shared-ui';
import { BarPlot, ChartsAxisHighlight, ChartsDataProvider, ChartsGrid, ChartsLegend, ChartsSurface, ChartsTooltip, ChartsWrapper, ChartsXAxis, ChartsYAxis, LinePlot, MarkPlot } from '@mui/x-charts';

export interface MetricSeries {
  label: string;
  type: 'bar' | 'line';
  data: (number | null)[];
  color: string;
  /** Bars with the same stack sit on each other; negative ones go below zero. */
  stack?: string;
}

/**
 * One month-by-month chart (MUI X Charts composition: bars and lines on one band axis). Values stay
 * as the API gives them (kopecks, shares); `format` turns a value into text for the axis and tooltip.
 * Loaded lazily with the metrics page: the chart library is not part of the owner console's first screen.
 */
export default function MetricChart({ label, empty, months, series, format, axisFormat }: { label: string; empty: string; months: string[]; series: MetricSeries[]; format: (v: number | null) => string; axisFormat?: (v: number) => string }) {
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  // An empty grid looks like a broken chart; say there is nothing instead.
  if (series.every((s) => s.data.every((v) => !v)))
    return (
      <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }}>
        {empty}
      </Typography>
    );
  return (
    <Box role="figure" aria-label={label} sx={{ width: '100%', minWidth: 0 }}>
      <ChartsDataProvider
        height={phone ? 220 : 280}
        margin={{ left: 4, right: 8, top: 8, bottom: 4 }}
        xAxis={[{ id: 'month', scaleType: 'band', data: months, tickLabelStyle: { fontSize: 11 } }]}
        yAxis={[{ id: 'value', valueFormatter: axisFormat ?? ((v: number) => format(v)), width: 76, tickLabelStyle: { fontSize: 11 } }]}
        // Straight segments with marks: a smoothed curve between months suggests values that never existed.
        series={series.map((s) => ({ ...s, valueFormatter: (v: number | null) => format(v), ...(s.type === 'line' ? { curve: 'linear', showMark: true } : { stackOffset: s.stack ? 'diverging' : undefined }) })) as never}
      >
        <ChartsWrapper legendPosition={{ vertical: 'top', horizontal: 'start' }} hideLegend={series.length < 2}>
          {series.length > 1 && <ChartsLegend />}
          <ChartsSurface>
            <ChartsGrid horizontal />
            <BarPlot />
            <LinePlot />
            <MarkPlot />
            <ChartsAxisHighlight x="band" />
            <ChartsXAxis axisId="month" />
            <ChartsYAxis axisId="value" tickLabelStyle={{ fill: theme.palette.text.secondary, fontSize: 11 }} />
          </ChartsSurface>
          <ChartsTooltip />
        </ChartsWrapper>
      </ChartsDataProvider>
    </Box>
  );
}
