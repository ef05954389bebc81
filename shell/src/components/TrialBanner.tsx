import { Alert, AlertTitle, Box, type Me, addTranslations, baseApi, formatDate, formatKopecks, linkProps, useAbility } from '@workcloud/shared-ui/core';
import { useTranslation } from 'react-i18next';

const strings = {
  ru: {
    title_one: 'Пробный период: остался {{count}} день',
    title_few: 'Пробный период: осталось {{count}} дня',
    title_many: 'Пробный период: осталось {{count}} дней',
    title_other: 'Пробный период: осталось {{count}} дня',
    over: 'Пробный период закончился',
    endsOn: 'Последний день пробного периода — {{date}}.',
    next: 'После него придёт счёт за подключённые модули ({{monthly}} в месяц); оплатите его в течение {{due}} дн., иначе работа будет приостановлена.',
    overNext: 'Счёт за подключённые модули ({{monthly}} в месяц) ждёт оплаты; без оплаты работа будет приостановлена.',
    link: 'Подписка и оплата',
    region: 'Пробный период',
  },
  en: {
    title_one: 'Trial: {{count}} day left',
    title_other: 'Trial: {{count}} days left',
    over: 'The trial is over',
    endsOn: 'The last day of the trial is {{date}}.',
    next: 'Then an invoice for the connected modules ({{monthly}} a month) comes; pay it within {{due}} days, or work will be suspended.',
    overNext: 'The invoice for the connected modules ({{monthly}} a month) awaits payment; unpaid, work will be suspended.',
    link: 'Subscription and billing',
    region: 'Trial',
  },
};

interface Trial {
  endsOn: string;
  daysLeft: number;
  monthlyKopecks: number;
  paymentDueDays: number;
}

const trialApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    trial: b.query<{ trial: Trial | null }, void>({ query: () => '/api/me/trial' }),
  }),
});

/**
 * «Пробный период: осталось N дней» above every page of a company in trial: when it ends, what comes then, and
 * (for those who may see it) the way to «Подписка и оплата». Gone once the company has paid.
 */
export function TrialBanner({ me }: { me: Me }) {
  const { t, i18n } = useTranslation('trial');
  if (!i18n.hasResourceBundle('ru', 'trial')) addTranslations(i18n, 'trial', strings);
  const ability = useAbility();
  const { data } = trialApi.useTrialQuery(undefined, { skip: me.tenant?.status !== 'trial' });
  const trial = data?.trial;
  if (me.tenant?.status !== 'trial' || !trial) return null;
  const monthly = formatKopecks(trial.monthlyKopecks);
  return (
    <Alert severity={trial.daysLeft ? 'info' : 'warning'} sx={{ mb: 2 }} role="region" aria-label={t('region')} data-testid="trial-banner">
      <AlertTitle>{trial.daysLeft ? t('title', { count: trial.daysLeft }) : t('over')}</AlertTitle>
      {trial.daysLeft ? `${t('endsOn', { date: formatDate(trial.endsOn, i18n.language) })} ${t('next', { monthly, due: trial.paymentDueDays })}` : t('overNext', { monthly })}
      {ability.can('read', 'Subscription') && (
        <Box sx={{ mt: 0.5 }}>
          <Box component="a" {...linkProps('/m/admin/billing')} sx={{ color: 'inherit', fontWeight: 600 }}>
            {t('link')}
          </Box>
        </Box>
      )}
    </Alert>
  );
}
