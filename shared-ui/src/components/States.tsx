import { Alert, AlertTitle, Box, Button, CircularProgress, Paper, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/tokens';

export function EmptyState({ title, text, action, icon }: { title?: string; text?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }} role="status">
      {icon && <Box sx={{ fontSize: 40, color: 'text.secondary', mb: 1 }}>{icon}</Box>}
      <Typography variant="h3" component="p">
        {title ?? t('empty')}
      </Typography>
      {text && (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {text}
        </Typography>
      )}
      {action && <Box sx={{ mt: 2 }}>{action}</Box>}
    </Paper>
  );
}

/** A failure the user can read and act on: the server's Russian `detail`, and a retry button. */
export function ErrorState({ error, title, onRetry }: { error?: unknown; title?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const detail = (error as ApiError | undefined)?.detail ?? (error as Error | undefined)?.message;
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            {t('retry')}
          </Button>
        )
      }
    >
      <AlertTitle>{title ?? t('error')}</AlertTitle>
      {detail}
    </Alert>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 3 }} role="progressbar" aria-label={label ?? t('loading')}>
      <CircularProgress size={24} />
      <Typography color="text.secondary">{label ?? t('loading')}</Typography>
    </Box>
  );
}
