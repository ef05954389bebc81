import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { Box, Button, IconButton, Paper, Typography } from '@mui/material';
import { useEffect, useRef } from 'react';
import { formatKopecks } from '../format';
import { lineAmountOf, type Computation } from './computed';
import { FieldInput } from './FieldInput';
import { useEngineT } from './i18n';
import type { EngineSectionMeta } from './types';

/** A line as the form holds it; `suggested`: fields the server filled in (a price from the price list, the
 * product's VAT rate) rather than the user, so they are suggested again when the line's product changes. */
export type Line = Record<string, unknown> & { key: string; suggested?: string[] };

let nextKey = 0;
export const newLine = (): Line => ({ key: `l${++nextKey}` });

/**
 * A document's tabular section as rows of inputs. On a wide screen a row is one line of the
 * table; on a phone the same row wraps into a one-column card. The computed amount is shown live.
 */
export function LinesEditor({
  module,
  section,
  lines,
  onChange,
  errors,
  computed,
  serverLines,
  disabled,
}: {
  module: string;
  section: EngineSectionMeta;
  lines: Line[];
  onChange: (lines: Line[]) => void;
  errors: Record<string, string>;
  computed?: Computation['lines'][string];
  /** Lines as the server computed them (for fields marked `computed`), by position. */
  serverLines?: (Record<string, unknown> | undefined)[];
  disabled?: boolean;
}) {
  const { t } = useEngineT();
  const inputs = section.fields.filter((f) => f.name !== computed?.amount && !f.computed);
  const serverFields = section.fields.filter((f) => f.computed);
  const amountTitle = section.fields.find((f) => f.name === computed?.amount)?.title;
  // Wide columns for references and text, narrow ones for numbers.
  const widths = inputs.map((f) => (f.type === 'ref' || f.type === 'string' || f.type === 'text' ? 'minmax(180px, 3fr)' : 'minmax(110px, 1fr)'));
  const columns = ['36px', ...widths, ...(computed ? ['minmax(120px, 1fr)'] : []), ...serverFields.map(() => 'minmax(100px, 1fr)'), '40px'].join(' ');
  const set = (i: number, name: string, value: unknown) => onChange(lines.map((l, j) => (j === i ? changed(l, name, value) : l)));
  // A line just added (the button or Insert) gets the focus on its first input, the product: type at once.
  const box = useRef<HTMLDivElement>(null);
  const count = useRef(lines.length);
  useEffect(() => {
    const added = lines.length > count.current;
    count.current = lines.length;
    const last = lines[lines.length - 1];
    if (added && last && inputs.every((f) => last[f.name] === undefined || last[f.name] === null)) box.current?.querySelector<HTMLElement>(`[data-line="${last.key}"] input`)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lines.length]);

  /** A typed value is the user's own; a new reference (another product) clears what was suggested for the old one. */
  const changed = (line: Line, name: string, value: unknown): Line => {
    const isRef = section.fields.find((f) => f.name === name)?.type === 'ref';
    if (!isRef || value === line[name]) return { ...line, [name]: value, suggested: line.suggested?.filter((n) => n !== name) };
    const cleared = Object.fromEntries((line.suggested ?? []).map((n) => [n, null]));
    return { ...line, ...cleared, [name]: value, suggested: [] };
  };

  return (
    // A table with more columns than the screen holds (a payroll's amounts) scrolls sideways inside itself, not the page.
    <Box ref={box} sx={{ overflowX: 'auto' }}>
      {lines.length === 0 && <Typography color="text.secondary" sx={{ mb: 1 }}>{t('noLines')}</Typography>}
      {lines.map((line, i) => {
        const amount = computed ? lineAmountOf(line, computed) : null;
        return (
          <Paper
            key={line.key}
            variant="outlined"
            role="group"
            data-line={line.key}
            aria-label={`${section.title}: ${t('lineNo')} ${i + 1}`}
            sx={{ p: 1, mb: 1, display: 'grid', gap: 1, alignItems: 'center', gridTemplateColumns: { xs: '1fr', md: columns }, minWidth: { md: 'min-content' } }}
          >
            <Typography color="text.secondary" sx={{ textAlign: { md: 'center' } }}>
              {t('lineNo')} {i + 1}
            </Typography>
            {inputs.map((f) => (
              <FieldInput key={f.name} module={module} field={f} size="small" disabled={disabled} value={line[f.name]} onChange={(v) => set(i, f.name, v)} error={errors[`${section.code}.${i}.${f.name}`]} />
            ))}
            {/* On a phone the amount and the delete button share one row; on a wide screen they are two cells. */}
            <Box sx={{ display: { xs: 'flex', md: 'contents' }, justifyContent: 'space-between', alignItems: 'center' }}>
              {serverFields.map((f) => {
                const v = serverLines?.[i]?.[f.name];
                return (
                  <Box key={f.name} sx={{ textAlign: { md: 'right' } }}>
                    <Typography variant="caption" color="text.secondary" component="div">
                      {f.title}
                    </Typography>
                    <Typography data-testid={`line-${f.name}`} sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {v === undefined || v === null ? '—' : f.type === 'money' ? formatKopecks(v as number) : String(v)}
                    </Typography>
                  </Box>
                );
              })}
              {computed && (
                <Box sx={{ textAlign: { md: 'right' } }}>
                  <Typography variant="caption" color="text.secondary" component="div">
                    {amountTitle}
                  </Typography>
                  <Typography data-testid="line-amount" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {amount === null ? '—' : formatKopecks(amount)}
                  </Typography>
                </Box>
              )}
              <IconButton aria-label={t('removeLine', { n: i + 1 })} disabled={disabled} onClick={() => onChange(lines.filter((_, j) => j !== i))} sx={{ ml: 'auto', justifySelf: 'center' }}>
                <DeleteIcon />
              </IconButton>
            </Box>
          </Paper>
        );
      })}
      {errors[section.code] && <Typography color="error">{errors[section.code]}</Typography>}
      <Button startIcon={<AddIcon />} disabled={disabled} onClick={() => onChange([...lines, newLine()])}>
        {t('addLine')}
      </Button>
    </Box>
  );
}
