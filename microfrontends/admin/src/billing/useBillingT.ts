import { addTranslations } from '@workcloud/shared-ui';
import { useTranslation } from 'react-i18next';
import { billingStrings } from './i18n';

/** t() for the "adminBilling" namespace; registers the strings on first use. */
export function useBillingT() {
  const r = useTranslation('adminBilling');
  if (!r.i18n.hasResourceBundle('ru', 'adminBilling')) addTranslations(r.i18n, 'adminBilling', billingStrings);
  return r;
}
