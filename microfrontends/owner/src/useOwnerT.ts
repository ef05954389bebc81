import { addTranslations } from '@workcloud/shared-ui/core';
import { useTranslation } from 'react-i18next';
import { ownerStrings } from './i18n';

/** t() for the "owner" namespace; registers the strings on first use. */
export function useOwnerT() {
  const r = useTranslation('owner');
  if (!r.i18n.hasResourceBundle('ru', 'owner')) addTranslations(r.i18n, 'owner', ownerStrings);
  return r;
}
