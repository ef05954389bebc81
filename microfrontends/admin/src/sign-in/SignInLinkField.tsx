import { Alert, Button, ErrorState, Stack, TextField, fieldErrors } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useSaveSignInLinkMutation, useSignInLinkQuery } from './api';
import { useSignInT } from './useSignInT';

/** The company's own sign-in address (/login/<slug>), shown once SSO is set up: the link starts its SSO at once. */
export function SignInLinkField() {
  const { t } = useSignInT();
  const { data } = useSignInLinkQuery();
  const [save, saving] = useSaveSignInLinkMutation();
  const [slug, setSlug] = useState<string | null>(null);
  useEffect(() => {
    if (data && slug === null) setSlug(data.slug ?? '');
  }, [data, slug]);
  const server = fieldErrors(saving.error);
  return (
    <Stack spacing={1}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
        <TextField
          label={t('signInSlug')}
          value={slug ?? ''}
          onChange={(e) => setSlug(e.target.value)}
          error={!!server.slug}
          helperText={server.slug ?? t('signInSlugHint')}
          size="small"
          sx={{ flex: 1 }}
        />
        <Button onClick={() => save({ slug: slug?.trim() || null })} disabled={saving.isLoading || slug === null}>
          {t('signInSlugSave')}
        </Button>
      </Stack>
      {saving.error && !server.slug && <ErrorState error={saving.error} />}
      {data?.url && (
        <Alert severity="info" role="status" sx={{ wordBreak: 'break-all' }}>
          {t('signInLinkIs', { url: data.url })}
        </Alert>
      )}
    </Stack>
  );
}
