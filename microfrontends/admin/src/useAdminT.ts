import { addTranslations } from '@workcloud/shared-ui/core';
import { useTranslation } from 'react-i18next';
import { adminStrings } from './i18n';

/** t() for the "admin" namespace; registers the strings on first use (widgets render before mount). */
export function useAdminT() {
  const r = useTranslation('admin');
  if (!r.i18n.hasResourceBundle('ru', 'admin')) addTranslations(r.i18n, 'admin', adminStrings);
  return r;
}
