import { Alert, Box, Button, FormControl, FormControlLabel, FormLabel, Link, Paper, Radio, RadioGroup, Stack, Typography, formatIsoDate, formatKopecks, linkProps } from '@workcloud/shared-ui';
import { useState } from 'react';
import type { BankDecisions, BankDocument, BankLineToDecide, BankUploadSummary } from './api';

const TITLES = { money_in: 'Поступление', money_out: 'Списание' } as const;
const docPath = (d: { code: string; id: string }) => `/m/trade/documents/${d.code}/${d.id}`;

function Documents({ title, testId, items }: { title: string; testId: string; items: BankDocument[] }) {
  return (
    <Box data-testid={testId}>
      <Typography sx={{ fontWeight: 600 }}>
        {title}: {items.length}
      </Typography>
      {items.length > 0 && (
        <Box component="ul" sx={{ my: 0.5, pl: 3 }}>
          {items.map((d) => (
            <li key={d.id}>
              <Link {...linkProps(docPath(d))}>
                {TITLES[d.code]} {d.number}
              </Link>
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** One ambiguous line: the documents it may be, or a new one. */
function LineChoice({ line, value, onChange }: { line: BankLineToDecide; value: string; onChange: (v: string) => void }) {
  const label = `Строка ${line.line}: ${line.code === 'money_in' ? 'поступление' : 'списание'} № ${line.number} от ${formatIsoDate(line.date)} на ${formatKopecks(line.amount)}, ${line.counterparty.name} (ИНН ${line.counterparty.inn})`;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <FormControl>
        <FormLabel id={`decide-${line.line}`}>{label}</FormLabel>
        <RadioGroup aria-labelledby={`decide-${line.line}`} value={value} onChange={(e) => onChange(e.target.value)}>
          {line.candidates.map((c) => (
            <FormControlLabel key={c.id} value={c.id} control={<Radio />} label={`Это ${TITLES[line.code].toLowerCase()} ${c.number} от ${formatIsoDate(c.date)} на ${formatKopecks(c.amount)}`} />
          ))}
          <FormControlLabel value="new" control={<Radio />} label="Другой платёж — создать новый документ" />
        </RadioGroup>
      </FormControl>
    </Paper>
  );
}

/** What a loaded statement did: created, linked, loaded before, lines to decide, and differences of balances and totals. */
export function StatementResult({ result, busy, onDecide }: { result: BankUploadSummary; busy: boolean; onDecide: (d: BankDecisions) => void }) {
  const [decisions, setDecisions] = useState<BankDecisions>({});
  const undecided = result.toDecide.filter((l) => !decisions[l.importKey]).length;
  return (
    <Stack spacing={2} sx={{ mt: 2 }} data-testid="statement-result" aria-live="polite">
      {result.warnings.map((w) => (
        <Alert key={w} severity="warning">
          {w}
        </Alert>
      ))}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(auto-fill, minmax(220px, 1fr))' } }}>
        <Documents title="Создано и проведено" testId="statement-created" items={result.created} />
        <Documents title="Связано с введёнными ранее" testId="statement-linked" items={result.linked} />
        <Box data-testid="statement-already">
          <Typography sx={{ fontWeight: 600 }}>Уже загружено раньше: {result.alreadyImported}</Typography>
          <Typography color="text.secondary">
            Контрагентов создано: {result.counterpartiesCreated}, дополнено реквизитами: {result.counterpartiesUpdated}
          </Typography>
        </Box>
      </Box>
      {result.toDecide.length > 0 && (
        <Box component="section" aria-label="Решить" data-testid="statement-to-decide">
          <Typography variant="h3" sx={{ mb: 1 }}>
            Решить: {result.toDecide.length}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            Этим строкам подходят несколько документов, поэтому по ним ничего не создано. Выберите, с каким документом связать строку, или создайте новый.
          </Typography>
          <Stack spacing={1}>
            {result.toDecide.map((l) => (
              <LineChoice key={l.importKey} line={l} value={decisions[l.importKey] ?? ''} onChange={(v) => setDecisions({ ...decisions, [l.importKey]: v })} />
            ))}
          </Stack>
          <Button variant="contained" sx={{ mt: 2 }} disabled={busy || undecided > 0} onClick={() => onDecide(decisions)}>
            Загрузить с решениями
          </Button>
          {undecided > 0 && (
            <Typography color="text.secondary" sx={{ mt: 1 }}>
              Осталось решить строк: {undecided}
            </Typography>
          )}
        </Box>
      )}
    </Stack>
  );
}
