import { Autocomplete, Checkbox, CircularProgress, FormControl, FormControlLabel, FormHelperText, TextField } from '@mui/material';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiFetch } from '../api/tokens';
import { DateInput, EnumInput, MoneyInput, NumberInput, TextInput } from '../forms/fields';
import { refTarget, useEngineItemQuery } from './api';
import type { EngineFieldType } from './types';

/** What an input needs to know about a declared or custom field. */
export interface InputField {
  name: string;
  type: EngineFieldType;
  title: string;
  required?: boolean;
  values?: Record<string, string> | null;
  ref?: string | null;
  /** For `ref`: extra list filters of the search, e.g. { is_group: 'true' }. */
  refFilter?: Record<string, string>;
}

export interface FieldInputProps {
  module: string;
  field: InputField;
  /** In the API's shape, except decimals, which stay as typed until sent (see toApiValue). */
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string | null;
  disabled?: boolean;
  size?: 'small' | 'medium';
}

const DIGITS: Partial<Record<EngineFieldType, number>> = { inn: 12, kpp: 9, ogrn: 15, bik: 9, account: 20 };

/** One field of a form, drawn by its type with the shared form components. */
export function FieldInput({ module, field, value, onChange, error, disabled, size }: FieldInputProps) {
  const common = { label: field.title, required: field.required, disabled, size, error: error ?? null };
  switch (field.type) {
    case 'money':
      return <MoneyInput {...common} value={(value as number | null) ?? null} onChange={onChange} />;
    case 'integer':
      return <NumberInput {...common} value={(value as number | null) ?? null} onChange={onChange} />;
    case 'decimal':
      return <TextInput {...common} inputMode="decimal" value={String(value ?? '')} onChange={onChange} />;
    case 'date':
      return <DateInput {...common} value={String(value ?? '')} onChange={(v) => onChange(v || null)} />;
    case 'text':
      return <TextInput {...common} multiline minRows={2} value={String(value ?? '')} onChange={onChange} />;
    case 'boolean':
      return (
        <FormControl error={!!error} disabled={disabled}>
          <FormControlLabel control={<Checkbox checked={value === true} onChange={(e) => onChange(e.target.checked)} />} label={field.title} />
          {error && <FormHelperText>{error}</FormHelperText>}
        </FormControl>
      );
    case 'enum': {
      const options = Object.entries(field.values ?? {}).map(([v, label]) => ({ value: v, label }));
      if (!field.required) options.unshift({ value: '', label: '—' });
      return <EnumInput {...common} value={String(value ?? '')} options={options} onChange={(v) => onChange(v || null)} />;
    }
    case 'ref':
      return <RefInput module={module} refCode={field.ref ?? ''} filter={field.refFilter} label={field.title} required={field.required} size={size} disabled={disabled} value={(value as string | null) ?? null} onChange={onChange} error={error} />;
    default: {
      const digits = DIGITS[field.type];
      return (
        <TextInput
          {...common}
          type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'}
          inputMode={digits ? 'numeric' : undefined}
          slotProps={digits ? { htmlInput: { maxLength: digits } } : undefined}
          value={String(value ?? '')}
          onChange={(v) => onChange(v === '' ? null : v)}
        />
      );
    }
  }
}

interface RefOption {
  id: string;
  name: string;
}

/**
 * Searches the referenced catalog as you type and keeps only the id in the form. (Its own
 * Autocomplete rather than forms' ReferencePicker: MUI 9 passes the input's props in
 * `params.slotProps`, which have to be merged, not replaced.)
 */
export function RefInput({
  module,
  refCode,
  filter,
  label,
  value,
  onChange,
  error,
  required,
  size,
  disabled,
}: {
  module: string;
  refCode: string;
  filter?: Record<string, string>;
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string | null;
  required?: boolean;
  size?: 'small' | 'medium';
  disabled?: boolean;
}) {
  const target = refTarget(module, refCode);
  const [text, setText] = useState('');
  const [options, setOptions] = useState<RefOption[]>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState(false);
  const filterQuery = new URLSearchParams(filter).toString();
  const search = useCallback(
    async (q: string) => (await apiFetch<{ items: RefOption[] }>(`/api/${target.module}/catalogs/${target.code}?limit=20&search=${encodeURIComponent(q)}&${filterQuery}`)).items,
    [target.module, target.code, filterQuery],
  );
  const name = useRefName(module, refCode, value);
  const selected = useMemo(() => (value ? { id: value, name: name ?? '…' } : null), [value, name]);
  // Ask the server only while the list is open, a moment after typing stops.
  useEffect(() => {
    if (!open) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      search(selected && text === selected.name ? '' : text)
        .then((items) => live && setOptions(items))
        .catch(() => live && setOptions([]))
        .finally(() => live && setLoading(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, text, search, selected]);
  return (
    <Autocomplete<RefOption>
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={options}
      value={selected}
      loading={loading}
      disabled={disabled}
      size={size}
      filterOptions={(x) => x}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      getOptionLabel={(o) => o.name}
      onChange={(_, v) => onChange(v?.id ?? null)}
      onInputChange={(_, v) => setText(v)}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          required={required}
          error={!!error}
          helperText={error}
          slotProps={{
            ...params.slotProps,
            input: { ...params.slotProps.input, endAdornment: <>{loading ? <CircularProgress size={18} /> : null}{params.slotProps.input.endAdornment}</> },
          }}
        />
      )}
    />
  );
}

/** The name of a referenced catalog item (each id fetched once, then cached by RTK Query). */
export function useRefName(module: string, refCode: string | null | undefined, id: unknown): string | undefined {
  const target = refTarget(module, refCode ?? '');
  const skip = typeof id !== 'string' || !id || !refCode;
  const { data } = useEngineItemQuery({ module: target.module, kind: 'catalogs', code: target.code, id: String(id) }, { skip });
  return data ? String(data.name ?? '') : undefined;
}

/** A referenced item's name in a list cell or card. */
export function RefName({ module, refCode, id }: { module: string; refCode?: string | null; id: unknown }) {
  const name = useRefName(module, refCode, id);
  return <>{id ? (name ?? '…') : '—'}</>;
}
