import CloudIcon from '@mui/icons-material/Cloud';
import { Box, Typography } from '@workcloud/shared-ui/core';

export function Logo() {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <CloudIcon color="primary" aria-hidden />
      <Typography component="span" sx={{ fontWeight: 700, fontSize: 20, letterSpacing: 0.2 }}>
        WorkCloud
      </Typography>
    </Box>
  );
}
