import { Box, Breadcrumbs, Link, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { linkProps } from '../navigation';

export interface Crumb {
  label: string;
  path?: string;
}

/** Title, breadcrumbs and the page's main actions — the same on every screen. */
export function PageHeader({ title, crumbs = [], actions, subtitle }: { title: string; crumbs?: Crumb[]; actions?: ReactNode; subtitle?: ReactNode }) {
  return (
    <Box sx={{ mb: 2 }}>
      {crumbs.length > 0 && (
        <Breadcrumbs aria-label="breadcrumbs" sx={{ mb: 0.5, fontSize: 14 }}>
          {crumbs.map((c, i) =>
            c.path ? (
              <Link key={i} underline="hover" color="inherit" {...linkProps(c.path)}>
                {c.label}
              </Link>
            ) : (
              <Typography key={i} color="text.primary" sx={{ fontSize: 14 }}>
                {c.label}
              </Typography>
            ),
          )}
        </Breadcrumbs>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Box sx={{ flex: 1, minWidth: 200 }}>
          <Typography variant="h1" component="h1">
            {title}
          </Typography>
          {subtitle && (
            <Typography color="text.secondary" sx={{ mt: 0.5 }}>
              {subtitle}
            </Typography>
          )}
        </Box>
        {actions && <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>{actions}</Box>}
      </Box>
    </Box>
  );
}
