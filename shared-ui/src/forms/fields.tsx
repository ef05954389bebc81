import { Autocomplete, CircularProgress, MenuItem, TextField, type TextFieldProps } from '@mui/material';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { formatIsoDate } from '../engine/values';
import { kopecksToInput, parseRublesToKopecks } from '../format';

/**
 * Entity form pieces. Each is a labelled MUI TextField (labels are real <label>s, errors are
 * announced through helperText) and takes/returns the value in the shape the API wants.
 */
type Base = Omit<TextFieldProps, 'value' | 'onChange' | 'error'> & { error?: string | null };

export function TextInput({ value, onChange, error, helperText, ...rest }: Base & { value: string; onChange: (v: string) => void }) {
  return <TextField fullWidth value={value} onChange={(e) => onChange(e.target.value)} error={!!error} helperText={error ?? helperText} {...rest} />;
}

export function NumberInput({ value, onChange, error, helperText, ...rest }: Base & { value: number | null; onChange: (v: number | null) => void }) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => setText(value === null ? '' : String(value)), [value]);
  return (
    <TextField
      fullWidth
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value.replace(',', '.').replace(/\s/g, ''));
        onChange(e.target.value.trim() === '' || Number.isNaN(n) ? null : n);
      }}
      error={!!error}
      helperText={error ?? helperText}
      {...rest}
    />
  );
}

/** Money typed in rubles ("1 900,50"), kept as integer kopecks (190050) — never a float. */
export function MoneyInput({ value, onChange, error, helperText, ...rest }: Base & { value: number | null; onChange: (kopecks: number | null) => void }) {
  const [text, setText] = useState(kopecksToInput(value));
  useEffect(() => {
    if (parseRublesToKopecks(text) !== value) setText(kopecksToInput(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <TextField
      fullWidth
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseRublesToKopecks(e.target.value));
      }}
      slotProps={{ input: { endAdornment: <span aria-hidden>₽</span> } }}
      error={!!error}
      helperText={error ?? helperText}
      {...rest}
    />
  );
}

export interface DateInputProps {
  /** ISO calendar date ('2026-11-26') or '' when empty. */
  value: string;
  onChange: (isoDate: string) => void;
  label?: ReactNode;
  error?: string | null;
  helperText?: ReactNode;
  required?: boolean;
  size?: 'small' | 'medium';
  disabled?: boolean;
  fullWidth?: boolean;
  name?: string;
}

// The calendar (MUI X pickers, ~50 KB gzip) loads with the first date field, not with shared-ui.
const DatePickerInput = lazy(() => import('./DatePickerInput'));

/** A calendar date in the UI language's format (ДД.ММ.ГГГГ), typed or picked from a calendar. */
export function DateInput(props: DateInputProps) {
  // Until the calendar has loaded: the same field, read-only, with the date already in Russian.
  const placeholder = (
    <TextField fullWidth={props.fullWidth ?? true} size={props.size} label={props.label} value={props.value ? formatIsoDate(props.value) : ''} required={props.required} slotProps={{ input: { readOnly: true } }} />
  );
  return (
    <Suspense fallback={placeholder}>
      <DatePickerInput {...props} />
    </Suspense>
  );
}

export function EnumInput<V extends string>({ value, onChange, options, error, helperText, ...rest }: Base & { value: V | ''; onChange: (v: V) => void; options: { value: V; label: string }[] }) {
  return (
    <TextField select fullWidth value={value} onChange={(e) => onChange(e.target.value as V)} error={!!error} helperText={error ?? helperText} {...rest}>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * Picks a referenced entity (counterparty, product…) with server-side search as you type: the
 * server is asked only while the list is open, a moment after typing stops. The engine's RefInput
 * and any module form use this one picker.
 */
export function ReferencePicker<T extends { id: string }>({
  label,
  value,
  onChange,
  search,
  getLabel,
  error,
  multiple,
  required,
  size,
  disabled,
  ready = true,
}: {
  label: string;
  value: T | T[] | null;
  onChange: (v: any) => void;
  search: (q: string) => Promise<T[]>;
  getLabel: (item: T) => string;
  error?: string | null;
  multiple?: boolean;
  required?: boolean;
  size?: 'small' | 'medium';
  disabled?: boolean;
  /** False while the caller cannot search yet (e.g. its metadata is loading). */
  ready?: boolean;
}) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState(false);
  // Opening the list of a filled single picker shows everything, not just the chosen item.
  const query = !multiple && value && !Array.isArray(value) && q === getLabel(value) ? '' : q;
  useEffect(() => {
    if (!open || !ready) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      search(query)
        .then((items) => live && setOptions(items))
        .catch(() => live && setOptions([]))
        .finally(() => live && setLoading(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, ready, query, search]);
  return (
    <Autocomplete
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      multiple={multiple}
      options={options}
      value={value as any}
      loading={loading}
      disabled={disabled}
      size={size}
      filterOptions={(x) => x}
      isOptionEqualToValue={(a: T, b: T) => a.id === b.id}
      getOptionLabel={(o: T) => getLabel(o)}
      onChange={(_, v) => onChange(v)}
      onInputChange={(_, v) => setQ(v)}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          required={required}
          error={!!error}
          helperText={error}
          // MUI 9 hands the input's own props in params.slotProps: merged, never replaced.
          slotProps={{
            ...params.slotProps,
            input: { ...params.slotProps.input, endAdornment: <>{loading ? <CircularProgress size={18} /> : null}{params.slotProps.input.endAdornment}</> },
          }}
        />
      )}
    />
  );
}
