import { ToggleButton, ToggleButtonGroup } from '@workcloud/shared-ui/core';
import { useTranslation } from 'react-i18next';

const LANGUAGES = [
  { code: 'ru', short: 'RU', name: 'Русский' },
  { code: 'en', short: 'EN', name: 'English' },
];

/** RU | EN, on the sign-in page and in the user menu. The spoken name contains the visible text (WCAG 2.5.3). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('shell');
  return (
    <ToggleButtonGroup size="small" exclusive value={i18n.language} onChange={(_, v) => v && i18n.changeLanguage(v)} aria-label={t('language')}>
      {LANGUAGES.map((l) => (
        <ToggleButton key={l.code} value={l.code} lang={l.code} aria-label={`${l.short} — ${l.name}`}>
          {l.short}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
