import { Button, Typography, apiFetch, linkProps } from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useEdoT } from './i18n';

const countOf = async (filter: string) => (await apiFetch<{ total: number }>(`/api/edo/catalogs/inbox?limit=1&${filter}`)).total;

/** Входящие ЭДО: documents waiting for our signature, and how many are new. */
export function InboxWidget() {
  const { t } = useEdoT();
  const [counts, setCounts] = useState<{ toSign: number; unread: number } | null | undefined>(null);
  useEffect(() => {
    Promise.all([countOf('flow_status=signature_required'), countOf('unread=true')]).then(([toSign, unread]) => setCounts({ toSign, unread }), () => setCounts(undefined));
  }, []);
  return (
    <>
      <Typography variant="h2" component="p" data-testid="edo-inbox-to-sign" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {counts === null ? '…' : counts === undefined ? '—' : counts.toSign}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('widgetToSign')}
        {counts?.unread ? `, ${t('widgetUnread', { count: counts.unread })}` : ''}
      </Typography>
      <Button size="small" {...linkProps('/m/edo/inbox')}>
        {t('widgetOpen')}
      </Button>
    </>
  );
}
