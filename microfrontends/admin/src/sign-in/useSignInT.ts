import { addTranslations } from '@workcloud/shared-ui';
import { useTranslation } from 'react-i18next';
import { signInStrings } from './i18n';

/** t() for the "adminSignIn" namespace; registers the strings on first use. */
export function useSignInT() {
  const r = useTranslation('adminSignIn');
  if (!r.i18n.hasResourceBundle('ru', 'adminSignIn')) addTranslations(r.i18n, 'adminSignIn', signInStrings);
  return r;
}
