import { Button, EmptyState, linkProps } from '@workcloud/shared-ui/core';
import { useTranslation } from 'react-i18next';

/** Someone opened /m/<code> of a module the company has not bought (or the role hides). */
export function ModuleNotConnected({ code }: { code: string }) {
  const { t } = useTranslation('shell');
  return (
    <div data-testid="module-not-connected">
      <EmptyState title={t('moduleNotConnected')} text={t('moduleNotConnectedText', { code })} action={<Button variant="contained" {...linkProps('/')}>{t('toHome')}</Button>} />
    </div>
  );
}

export function NotFound() {
  const { t } = useTranslation('shell');
  return <EmptyState title={t('notFound')} action={<Button variant="contained" {...linkProps('/')}>{t('toHome')}</Button>} />;
}
