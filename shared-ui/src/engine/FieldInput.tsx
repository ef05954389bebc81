import { Checkbox, FormControl, FormControlLabel, FormHelperText } from '@mui/material';
import { useCallback, useMemo } from 'react';
import { apiFetch } from '../api/tokens';
import { DateInput, EnumInput, MoneyInput, NumberInput, ReferencePicker, TextInput } from '../forms/fields';
import { refTarget, useEngineItemQuery, useEngineMetaQuery } from './api';
import { useEngineT } from './i18n';
import type { EngineFieldType, EngineKind, EngineRecord } from './types';
import { formatIsoDate } from './values';

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
  label: string;
}

/**
 * Where a reference points. Usually a catalog; a document when the module declares one by that code
 * (e.g. the order a sale was made from). Known once the target module's metadata is loaded.
 */
function useRefTarget(module: string, refCode: string | null | undefined) {
  const target = refTarget(module, refCode ?? '');
  const { data: meta, isError } = useEngineMetaQuery(target.module, { skip: !refCode });
  const kind: EngineKind = meta?.documents.some((d) => d.code === target.code) ? 'documents' : 'catalogs';
  return { ...target, kind, ready: !!refCode && (!!meta || isError) };
}

/** How a referenced record is named: a catalog item by its name, a document by number and date. */
function useRefLabel() {
  const { t } = useEngineT();
  return useCallback((kind: EngineKind, r: EngineRecord) => (kind === 'documents' ? t('documentRef', { number: r.number, date: formatIsoDate(r.date) }) : String(r.name ?? '')), [t]);
}

/** Searches the referenced catalog as you type (forms' ReferencePicker) and keeps only the id in the form. */
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
  const target = useRefTarget(module, refCode);
  const labelOf = useRefLabel();
  const filterQuery = new URLSearchParams(filter).toString();
  const search = useCallback(
    async (q: string): Promise<RefOption[]> => {
      const { items } = await apiFetch<{ items: EngineRecord[] }>(`/api/${target.module}/${target.kind}/${target.code}?limit=20&search=${encodeURIComponent(q)}&${filterQuery}`);
      return items.map((r) => ({ id: r.id, label: labelOf(target.kind, r) }));
    },
    [target.module, target.kind, target.code, filterQuery, labelOf],
  );
  const name = useRefName(module, refCode, value);
  // The value is shown by its label; the form keeps only the id.
  const selected = useMemo(() => (value ? { id: value, label: name ?? '…' } : null), [value, name]);
  return (
    <ReferencePicker<RefOption>
      label={label}
      value={selected}
      onChange={(v: RefOption | null) => onChange(v?.id ?? null)}
      search={search}
      getLabel={(o) => o.label}
      error={error}
      required={required}
      size={size}
      disabled={disabled}
      ready={target.ready}
    />
  );
}

/** The label of a referenced record (each id fetched once, then cached by RTK Query). */
export function useRefName(module: string, refCode: string | null | undefined, id: unknown): string | undefined {
  const target = useRefTarget(module, refCode);
  const labelOf = useRefLabel();
  const skip = typeof id !== 'string' || !id || !target.ready;
  const { data } = useEngineItemQuery({ module: target.module, kind: target.kind, code: target.code, id: String(id) }, { skip });
  return data ? labelOf(target.kind, data) : undefined;
}

/** A referenced item's name in a list cell or card. */
export function RefName({ module, refCode, id }: { module: string; refCode?: string | null; id: unknown }) {
  const name = useRefName(module, refCode, id);
  return <>{id ? (name ?? '…') : '—'}</>;
}
