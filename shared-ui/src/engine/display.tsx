import { Chip } from '@mui/material';
import { formatKopecks } from '../format';
import { RefName, type InputField } from './FieldInput';
import { useEngineT } from './i18n';
import { formatDecimal, formatIsoDate } from './values';

/** A value as a person reads it: rubles, Russian dates and numbers, titles of enums, names of references. */
export function FieldValue({ module, field, value }: { module: string; field: Pick<InputField, 'type' | 'values' | 'ref'>; value: unknown }) {
  const { t } = useEngineT();
  if (value === null || value === undefined || value === '') return <>—</>;
  switch (field.type) {
    case 'money':
      return <>{formatKopecks(value as number)}</>;
    case 'decimal':
    case 'integer':
      return <>{formatDecimal(value)}</>;
    case 'date':
      return <>{formatIsoDate(value)}</>;
    case 'boolean':
      return <>{value ? t('yes') : t('no')}</>;
    case 'enum':
      return <>{field.values?.[String(value)] ?? String(value)}</>;
    case 'ref':
      return <RefName module={module} refCode={field.ref} id={value} />;
    default:
      return <>{String(value)}</>;
  }
}

const STATUS_COLOR = { draft: 'default', posted: 'success', cancelled: 'warning' } as const;

/** Черновик / Проведён / Проведение отменено. */
export function StatusChip({ status }: { status: string }) {
  const { t } = useEngineT();
  return <Chip size="small" variant={status === 'posted' ? 'filled' : 'outlined'} color={STATUS_COLOR[status as keyof typeof STATUS_COLOR] ?? 'default'} label={t(`status_${status}`)} />;
}
