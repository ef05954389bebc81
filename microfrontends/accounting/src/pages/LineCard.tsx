import { Box, IconButton, Paper, Tooltip, Typography } from '@workcloud/shared-ui';
import type { ReactNode } from 'react';

/** One line of an entries form as a card: its title, «×» to remove it (unless read-only), and its fields in a grid. */
export function LineCard({ title, removeLabel, onRemove, disabled, columns, children }: { title: string; removeLabel: string; onRemove: () => void; disabled?: boolean; columns: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" role="group" aria-label={title} sx={{ p: 1.5, mb: 1.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle2" component="h3" sx={{ flexGrow: 1 }}>
          {title}
        </Typography>
        {!disabled && (
          <Tooltip title={removeLabel}>
            <IconButton size="small" aria-label={removeLabel} onClick={onRemove}>
              ×
            </IconButton>
          </Tooltip>
        )}
      </Box>
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', md: columns } }}>{children}</Box>
    </Paper>
  );
}
