import { apiFetch, Chip, EmptyState, List, ListItemButton, ListItemText, Loading, PageHeader, Paper, linkProps } from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface HistoryEntry {
  path: string;
  title: string;
  at: string;
  what: string;
  deleted: boolean;
}

/** «История»: what the person opened (on any device) and changed in the company, newest first (GET /api/me/history). */
export default function HistoryPage() {
  const { t, i18n } = useTranslation('shell');
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiFetch<{ items: HistoryEntry[] }>('/api/me/history?limit=100')
      .then((res) => setItems(res.items))
      .catch((e: Error) => setError(e.message));
  }, []);
  const when = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short', timeStyle: 'short' });
  return (
    <>
      <PageHeader title={t('history')} subtitle={t('historySubtitle')} />
      {error && <EmptyState title={t('history')} text={error} />}
      {!error && !items && <Loading />}
      {items?.length === 0 && <EmptyState title={t('historyEmpty')} text={t('historyEmptyText')} />}
      {!!items?.length && (
        <Paper variant="outlined">
          <List aria-label={t('history')}>
            {items.map((item) => (
              <ListItemButton key={item.path} {...linkProps(item.path)}>
                <ListItemText primary={item.title} secondary={`${t(`historyWhat.${item.what}`, { defaultValue: item.what })} · ${when.format(new Date(item.at))}`} />
                {item.deleted && <Chip size="small" variant="outlined" label={t('favoriteDeleted')} />}
              </ListItemButton>
            ))}
          </List>
        </Paper>
      )}
    </>
  );
}
