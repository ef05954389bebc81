import { addTranslations } from '@workcloud/shared-ui';
import { useTranslation } from 'react-i18next';
import { billingStrings } from './i18n';

/** t() for the "ownerBilling" namespace; registers the strings on first use. */
export function useBillingT() {
  const r = useTranslation('ownerBilling');
  if (!r.i18n.hasResourceBundle('ru', 'ownerBilling')) addTranslations(r.i18n, 'ownerBilling', billingStrings);
  return r;
}
