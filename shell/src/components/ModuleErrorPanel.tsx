import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import RefreshIcon from '@mui/icons-material/Refresh';
import { Box, Button, Paper, type Theme, ThemeProvider, Typography } from '@workcloud/shared-ui/core';
import type { i18n as I18n } from 'i18next';

/** Shown in a module's place when its UI could not be loaded or crashed on start. */
export function ModuleErrorPanel({ i18n, theme, title, error, onRetry }: { i18n: I18n; theme: Theme; title: string; error: unknown; onRetry: () => void }) {
  const t = i18n.getFixedT(null, 'shell');
  const message = error instanceof Error ? error.message : String(error ?? '');
  return (
    <ThemeProvider theme={theme}>
      <Paper variant="outlined" role="alert" data-testid="module-error" sx={{ p: { xs: 2, sm: 4 }, maxWidth: 720, borderColor: 'error.main' }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
          <ErrorOutlineIcon color="error" sx={{ fontSize: 40 }} aria-hidden />
          <Box sx={{ flex: 1 }}>
            <Typography variant="h2" component="h1" gutterBottom>
              {t('moduleFailed', { title })}
            </Typography>
            <Typography color="text.secondary">{t('moduleFailedText')}</Typography>
            {message && (
              <Typography component="pre" sx={{ mt: 2, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 12, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {message}
              </Typography>
            )}
            <Button sx={{ mt: 2 }} variant="contained" startIcon={<RefreshIcon />} onClick={onRetry}>
              {i18n.t('common:retry')}
            </Button>
          </Box>
        </Box>
      </Paper>
    </ThemeProvider>
  );
}
