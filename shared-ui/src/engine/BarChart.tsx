import { Box, Typography, useTheme } from '@mui/material';
import type { ReactNode } from 'react';

/**
 * Horizontal bars drawn with plain boxes: one row per category, one bar per series. Enough for a
 * report's overview, readable at 375 px, and no chart library to load. Bar lengths use floats,
 * which is fine for drawing; the exact numbers are printed next to them.
 */
export function BarChart({ rows, label }: { rows: { label: string; values: { series: string; value: number; text: ReactNode }[] }[]; label: string }) {
  const theme = useTheme();
  const colors = [theme.palette.primary.main, theme.palette.secondary.main, theme.palette.warning.main, theme.palette.info.main];
  const max = Math.max(0, ...rows.flatMap((r) => r.values.map((v) => Math.abs(v.value)))) || 1;
  const series = rows[0]?.values.map((v) => v.series) ?? [];
  return (
    <Box role="img" aria-label={label}>
      {series.length > 1 && (
        <Box sx={{ display: 'flex', gap: 2, mb: 1, flexWrap: 'wrap' }}>
          {series.map((s, i) => (
            <Typography key={s} variant="caption" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
              <Box component="span" sx={{ width: 12, height: 12, bgcolor: colors[i % colors.length], borderRadius: 0.5 }} />
              {s}
            </Typography>
          ))}
        </Box>
      )}
      {rows.map((r, ri) => (
        <Box key={ri} sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'minmax(120px, 30%) 1fr' }, gap: { xs: 0.25, sm: 1 }, alignItems: 'center', mb: 1 }}>
          <Typography variant="body2" noWrap title={r.label}>
            {r.label}
          </Typography>
          <Box>
            {r.values.map((v, i) => (
              <Box key={v.series} sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.25 }}>
                <Box sx={{ height: 14, minWidth: 2, width: `${(Math.abs(v.value) / max) * 80}%`, bgcolor: colors[i % colors.length], borderRadius: 0.5, opacity: v.value < 0 ? 0.5 : 1 }} />
                <Typography variant="caption" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                  {v.text}
                </Typography>
              </Box>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
