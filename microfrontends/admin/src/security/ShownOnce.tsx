import { Alert, Box, Button, Stack, Typography } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useSecurityT } from './useSecurityT';

/** A secret the server shows only once (an API key, a webhook's signing secret), with a copy button. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  const { t } = useSecurityT();
  const [copied, setCopied] = useState(false);
  return (
    <Alert severity="warning" sx={{ '& .MuiAlert-message': { minWidth: 0, flex: 1 } }}>
      <Stack spacing={1}>
        <Typography variant="body2">{label}</Typography>
        <Box component="code" data-testid="shown-once" sx={{ wordBreak: 'break-all', fontSize: 13, p: 1, bgcolor: 'action.hover', borderRadius: 1 }}>
          {value}
        </Box>
        <Box>
          <Button size="small" onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}>
            {copied ? t('copied') : t('copy')}
          </Button>
        </Box>
      </Stack>
    </Alert>
  );
}
