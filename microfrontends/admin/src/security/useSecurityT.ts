import { addTranslations } from '@workcloud/shared-ui';
import { useTranslation } from 'react-i18next';
import { securityStrings } from './i18n';

/** t() for the "adminSecurity" namespace; registers the strings on first use. */
export function useSecurityT() {
  const r = useTranslation('adminSecurity');
  if (!r.i18n.hasResourceBundle('ru', 'adminSecurity')) addTranslations(r.i18n, 'adminSecurity', securityStrings);
  return r;
}
