import {
  Button, type EngineDocumentMeta, Typography, apiFetch, linkProps, todayIso, useEngineT
} from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';

/** Home-page card: how many documents of the module are dated today, over all document types. */
export function TodayWidget({ module, documents }: { module: string; documents: EngineDocumentMeta[] }) {
  const { t } = useEngineT();
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    const date = todayIso();
    Promise.all(documents.map((d) => apiFetch<{ total: number }>(`/api/${module}/documents/${d.code}?date=${date}&limit=1`).then((r) => r.total)))
      .then((totals) => setCount(totals.reduce((s, n) => s + n, 0)))
      .catch(() => setCount(null));
  }, [module, documents]);
  return (
    <>
      <Typography variant="h2" component="p" data-testid={`today-${module}`}>
        {count ?? '…'}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('widgetTodayText')}
      </Typography>
      <Button size="small" {...linkProps(`/m/${module}`)}>
        {t('documents')}
      </Button>
    </>
  );
}
