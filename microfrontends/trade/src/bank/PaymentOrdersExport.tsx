import {
  Alert, ApiError, Box, Button, Checkbox, MenuItem, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography, apiFetch, downloadWithToken, formatIsoDate, formatKopecks, todayIso,
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';

interface Payment {
  id: string;
  number: string;
  date: string;
  amount: number;
  counterparty_name?: string;
  purpose?: string;
  exported_on?: string | null;
  import_key?: string | null;
  status: string;
}

const monthStart = (today: string) => `${today.slice(0, 8)}01`;

/**
 * Выгрузка платёжных поручений: the organization's bank Списания of a period, those the bank has not seen
 * (not exported, not loaded from a statement) chosen at first; the user may add or remove any. Those
 * confirmed by a statement cannot be chosen — the server would refuse them (a second payment).
 */
export function PaymentOrdersExport() {
  const today = todayIso();
  const [organizations, setOrganizations] = useState<{ id: string; name: string }[]>([]);
  const [organization, setOrganization] = useState('');
  const [from, setFrom] = useState(monthStart(today));
  const [to, setTo] = useState(today);
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ severity: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    apiFetch<{ items: { id: string; name: string }[] }>('/api/trade/catalogs/organizations?limit=100').then((r) => {
      setOrganizations(r.items);
      if (r.items.length === 1) setOrganization(r.items[0].id);
    }, () => setOrganizations([]));
  }, []);

  /** The period's payments, those the bank has not seen chosen; the message of an export stays. */
  const load = async () => {
    try {
      const params = new URLSearchParams({ organization, kind: 'bank', date_from: from, date_to: to, limit: '500', sort: 'date' });
      const list = await apiFetch<{ items: Payment[] }>(`/api/trade/documents/money_out?${params}`);
      const open = list.items.filter((p) => p.status !== 'cancelled');
      setPayments(open);
      setChosen(new Set(open.filter((p) => !p.exported_on && !p.import_key).map((p) => p.id)));
    } catch (e) {
      setMessage({ severity: 'error', text: e instanceof ApiError ? e.detail : 'Нет связи с сервером.' });
    }
  };
  const show = () => {
    setMessage(null);
    void load();
  };
  const exportChosen = async () => {
    setMessage(null);
    try {
      await downloadWithToken('/api/trade/bank-statements/payment-orders', 'kl_to_1c.txt', { body: { organization, documents: [...chosen] } });
      setMessage({ severity: 'success', text: `Выгружено поручений: ${chosen.size}. Загрузите файл kl_to_1c.txt в клиент-банк.` });
      await load();
    } catch (e) {
      setMessage({ severity: 'error', text: (e as Error).message });
    }
  };
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };

  return (
    <Box component="section" aria-label="Выгрузка платёжных поручений">
      <Typography variant="h2" sx={{ mb: 1 }}>
        Выгрузка платёжных поручений
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center', mb: 2 }}>
        <TextField select label="Организация" value={organization} onChange={(e) => setOrganization(e.target.value)} sx={{ minWidth: 240 }} size="small">
          {organizations.map((o) => (
            <MenuItem key={o.id} value={o.id}>
              {o.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField type="date" label="С" value={from} onChange={(e) => setFrom(e.target.value)} size="small" slotProps={{ inputLabel: { shrink: true } }} />
        <TextField type="date" label="По" value={to} onChange={(e) => setTo(e.target.value)} size="small" slotProps={{ inputLabel: { shrink: true } }} />
        <Button variant="outlined" disabled={!organization || !from || !to} onClick={show}>
          Показать списания
        </Button>
      </Box>
      {payments && payments.length === 0 && <Typography color="text.secondary">Безналичных списаний за период нет.</Typography>}
      {payments && payments.length > 0 && (
        <>
          <TableContainer>
            <Table size="small" aria-label="Списания для выгрузки">
              <TableHead>
                <TableRow>
                  <TableCell padding="checkbox" />
                  <TableCell>Номер</TableCell>
                  <TableCell>Дата</TableCell>
                  <TableCell align="right">Сумма</TableCell>
                  <TableCell>В банке</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {payments.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell padding="checkbox">
                      <Checkbox checked={chosen.has(p.id)} disabled={!!p.import_key} onChange={() => toggle(p.id)} slotProps={{ input: { 'aria-label': `Выгрузить ${p.number}` } }} />
                    </TableCell>
                    <TableCell>{p.number}</TableCell>
                    <TableCell>{formatIsoDate(p.date)}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      {formatKopecks(p.amount)}
                    </TableCell>
                    <TableCell>{p.import_key ? 'Проведено банком' : p.exported_on ? `Выгружено ${formatIsoDate(p.exported_on)}` : 'Не выгружено'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <Button variant="contained" sx={{ mt: 2 }} disabled={chosen.size === 0} onClick={exportChosen}>
            Выгрузить выбранные ({chosen.size})
          </Button>
        </>
      )}
      {message && (
        <Alert severity={message.severity} sx={{ mt: 2 }}>
          {message.text}
        </Alert>
      )}
    </Box>
  );
}
