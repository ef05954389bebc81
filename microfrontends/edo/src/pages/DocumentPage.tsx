import {
  Alert, Box as Layout, Button, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, Grid, List, ListItem, ListItemText, Loading, PageHeader, Paper, Stack, Table, TableBody,
  TableCell, TableContainer, TableFooter, TableHead, TableRow, TextField, Typography, apiFetch, downloadWithToken, formatDateTime, formatIsoDate, formatKopecks, linkProps, useAbility,
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { ACTION_ROUTES, cardOf, NEEDS_REASON, type Action, type Box, type EdoCard, type Party } from '../api';
import { useEdoT } from '../i18n';
import { StatusChip, useStatusText } from '../StatusChip';
import { SignatureStamp } from './SignatureStamp';

function PartyBlock({ title, party }: { title: string; party: Party }) {
  const { t } = useEdoT();
  return (
    <Layout component="section" aria-label={title}>
      <Typography variant="subtitle2" component="h3" color="text.secondary">
        {title}
      </Typography>
      <Typography sx={{ fontWeight: 600 }}>{party.name}</Typography>
      <Typography variant="body2">{party.kpp ? t('innKpp', { inn: party.inn, kpp: party.kpp }) : t('inn', { inn: party.inn })}</Typography>
      {party.address && <Typography variant="body2" color="text.secondary">{party.address}</Typography>}
    </Layout>
  );
}

/** The УПД's data read back from the seller's title: the parties, the lines, the total. */
function UpdData({ card }: { card: EdoCard }) {
  const { t } = useEdoT();
  const upd = card.upd!;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Grid container spacing={2} sx={{ mb: 2 }}>
        <Grid size={{ xs: 12, sm: 6 }}>
          <PartyBlock title={t('seller')} party={upd.seller} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <PartyBlock title={t('buyer')} party={upd.buyer} />
        </Grid>
      </Grid>
      {/* On a phone the lines scroll sideways: the region takes the focus, so a keyboard can scroll it too. */}
      <TableContainer tabIndex={0} role="region" aria-label={t('lines')}>
        <Table size="small" aria-label={t('lines')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('lineNo')}</TableCell>
              <TableCell>{t('lineName')}</TableCell>
              <TableCell align="right">{t('lineQuantity')}</TableCell>
              <TableCell>{t('lineVat')}</TableCell>
              <TableCell align="right">{t('lineTotal')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {upd.lines.map((l) => (
              <TableRow key={l.no}>
                <TableCell>{l.no}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{l.name}</TableCell>
                <TableCell align="right">{l.quantity.replace('.', ',')}</TableCell>
                <TableCell>{l.vatRate}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{formatKopecks(l.totalKopecks)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableCell colSpan={4}>{t('total')}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontWeight: 600 }} data-testid="edo-total">
                {formatKopecks(card.total)}
              </TableCell>
            </TableRow>
          </TableFooter>
        </Table>
      </TableContainer>
    </Paper>
  );
}

/** The flow as a timeline: each step with its time, who did it and the status it led to. */
function Timeline({ card }: { card: EdoCard }) {
  const { t, i18n } = useEdoT();
  const status = useStatusText();
  const who = { us: t('byUs'), counterparty: t('byCounterparty'), platform: t('byPlatform') };
  return (
    <List component="ol" aria-label={t('flow')} dense sx={{ borderLeft: 2, borderColor: 'divider', pl: 1 }}>
      {card.history.map((h) => (
        <ListItem key={h.step} component="li" alignItems="flex-start">
          <ListItemText
            primary={h.action}
            secondary={`${formatDateTime(h.created_at, i18n.language)} · ${who[h.by]} · ${status(h.to_status, card.doc_type)}`}
            slotProps={{ primary: { sx: { overflowWrap: 'anywhere' } } }}
          />
        </ListItem>
      ))}
    </List>
  );
}

/**
 * The document card: its data, its flow, the stamps of its signatures and the steps allowed now. Every step calls
 * the module's API and shows the new state; a refusal is shown next to the buttons.
 */
export function DocumentPage({ basePath, box, id }: { basePath: string; box: Box; id: string }) {
  const { t } = useEdoT();
  const status = useStatusText();
  const ability = useAbility();
  const [card, setCard] = useState<EdoCard | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<Action | null>(null);
  const [reason, setReason] = useState('');

  const load = () =>
    cardOf(box, id).then((c) => {
      setCard(c);
      // Opened: what the counterparty did is seen now.
      if (c.unread) apiFetch(`/api/edo/${box}/${id}/read`, { method: 'POST' }).catch(() => undefined);
    }, setLoadError);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(), []);

  const attempt = async (work: () => Promise<EdoCard>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const next = await work();
      setCard(next);
      setDone(t('done', { status: status(next.flow_status, next.doc_type) }));
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const act = (action: Action, body: Record<string, unknown> = {}) =>
    attempt(async () => (await apiFetch<{ document: EdoCard }>(`/api/edo/${box}/${id}/${ACTION_ROUTES[action]}`, { method: 'POST', body })).document);
  const start = (action: Action) => {
    if (!NEEDS_REASON.includes(action)) return void act(action);
    setReason('');
    setError(null);
    setAsking(action);
  };
  const confirm = async () => {
    if (!reason.trim()) return setError(t('reasonRequired'));
    if (await act(asking!, { reason: reason.trim() })) setAsking(null);
  };

  if (loadError) return <ErrorState error={loadError} onRetry={() => (setLoadError(null), void load())} />;
  if (!card) return <Loading />;
  const canAct = ability.can('update', `edo.${box}`);
  const signed = card.files.filter((f) => f.stamp);
  return (
    <>
      <PageHeader
        title={card.name}
        crumbs={[{ label: t(box), path: `${basePath}/${box}` }, { label: card.doc_number ?? '' }]}
        subtitle={
          <Layout component="span" sx={{ display: 'inline-flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <span>
              {card.counterparty_name} · {t(`docTypes.${card.doc_type}`)} · {t('numberOf', { number: card.doc_number, date: formatIsoDate(card.doc_date ?? '') })}
            </span>
            <span data-testid="edo-status">
              <StatusChip status={card.flow_status} type={card.doc_type} />
            </span>
          </Layout>
        }
      />
      <Paper variant="outlined" component="section" aria-label={t('status')} sx={{ p: 2, mb: 2 }}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {canAct &&
            card.actions.map((a) => (
              <Button key={a} variant={a === 'sign' ? 'contained' : 'outlined'} color={a === 'reject' || a === 'propose_annulment' ? 'error' : 'primary'} disabled={busy} onClick={() => start(a)}>
                {t(`actions.${a}`)}
              </Button>
            ))}
          {canAct && box === 'outbox' && card.flow_status === 'waiting_operator' && (
            <Button variant="outlined" disabled={busy} onClick={() => attempt(() => apiFetch<EdoCard>(`/api/edo/outbox/${id}/operator`, { method: 'POST' }))}>
              {t('retryOperator')}
            </Button>
          )}
          {card.receipt && (
            <Button variant="outlined" {...linkProps(`/m/trade/documents/receipt/${card.receipt}`)}>
              {t('openReceipt')}
            </Button>
          )}
          <Button variant="text" onClick={() => downloadWithToken(`/api/edo/${box}/${id}/print`, `${card.name}.pdf`).catch((e) => setError((e as Error).message))}>
            {t('print')}
          </Button>
          <Button variant="text" onClick={() => downloadWithToken(`/api/edo/${box}/${id}/archive`, `${card.file_id ?? card.id}.zip`).catch((e) => setError((e as Error).message))}>
            {t('archive')}
          </Button>
        </Stack>
        {!card.actions.length && !error && !done && (
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {t('noActions')}
          </Typography>
        )}
        {error && !asking && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
        {done && (
          <Alert severity="success" sx={{ mt: 1 }}>
            {done}
          </Alert>
        )}
      </Paper>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 7 }}>{card.upd && <UpdData card={card} />}</Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Typography variant="h2" component="h2" sx={{ mb: 1 }}>
            {t('flow')}
          </Typography>
          <Timeline card={card} />
        </Grid>
        <Grid size={12}>
          <Typography variant="h2" component="h2" sx={{ mb: 1 }}>
            {t('signatures')}
          </Typography>
          <Grid container spacing={2}>
            {signed.map((f) => (
              <Grid key={f.id} size={{ xs: 12, md: 6 }}>
                <SignatureStamp file={f} />
              </Grid>
            ))}
          </Grid>
        </Grid>
      </Grid>
      <Dialog open={!!asking} onClose={() => setAsking(null)} fullWidth maxWidth="sm" aria-labelledby="edo-reason-title">
        <DialogTitle id="edo-reason-title">{asking && t(`actions.${asking}`)}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={3}
            margin="dense"
            label={asking ? t(`reasonOf.${asking}`) : ''}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
          />
          {error && asking && (
            <Alert severity="error" sx={{ mt: 1 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(null)}>{t('cancel')}</Button>
          <Button variant="contained" color="error" disabled={busy} onClick={confirm}>
            {t('confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
