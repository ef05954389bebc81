import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { enUS, ruRU } from '@mui/x-date-pickers/locales';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/ru';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateInputProps } from './fields';

const ISO = 'YYYY-MM-DD';
const pickerTexts = {
  ru: ruRU.components.MuiLocalizationProvider.defaultProps.localeText,
  en: enUS.components.MuiLocalizationProvider.defaultProps.localeText,
};

/**
 * The calendar date field behind DateInput (loaded with the first form that has a date).
 * Unlike <input type="date">, whose format follows the browser's language (11/26/2026 in an
 * English Chrome), it always shows the UI language's format: ДД.ММ.ГГГГ in Russian.
 * The form keeps the ISO calendar date ('2026-11-26'), never a timestamp.
 */
export default function DatePickerInput({ value, onChange, error, helperText, label, required, size, disabled, fullWidth = true, name }: DateInputProps) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ru';
  // What is typed but not yet a whole date stays in the field; the form gets '' until it is one.
  const [draft, setDraft] = useState<Dayjs | null>(value ? dayjs(value) : null);
  useEffect(() => {
    const shown = draft?.isValid() ? draft.format(ISO) : '';
    if (shown !== value) setDraft(value ? dayjs(value) : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only an outside change of the value resets the field
  }, [value]);
  return (
    <LocalizationProvider dateAdapter={AdapterDayjs} adapterLocale={lang} localeText={pickerTexts[lang]}>
      <DatePicker
        label={label}
        value={draft}
        disabled={disabled}
        onChange={(v) => {
          setDraft(v);
          onChange(v?.isValid() ? v.format(ISO) : '');
        }}
        slotProps={{
          textField: { name, required, size, fullWidth, error: !!error, helperText: error ?? helperText },
          field: { clearable: !required },
        }}
      />
    </LocalizationProvider>
  );
}
