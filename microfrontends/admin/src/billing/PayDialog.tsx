import {
  Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, ErrorState, FormControl,
  Checkbox, FormControlLabel, FormLabel, Link, Radio, RadioGroup, Typography, formatKopecks
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { usePayInvoiceMutation, type Invoice, type Provider } from './api';
import { useBillingT } from './useBillingT';

const PROVIDERS: Provider[] = ['yookassa', 'tbank', 'sber', 'vtb', 'sbp'];

/**
 * Choose a bank, get its payment page from the API and go there (banks want a full redirect, and a
 * window opened after an await is blocked as a pop-up). СБП gives a link that opens the payer's bank app.
 */
export function PayDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t } = useBillingT();
  const [provider, setProvider] = useState<Provider>('yookassa');
  const [pay, state] = usePayInvoiceMutation();
  const [sbpUrl, setSbpUrl] = useState<string | null>(null);
  // Automatic payment needs a card saved at ЮKassa or Т-Банк, with the admin's explicit consent.
  const [saveCard, setSaveCard] = useState(false);
  const canSave = provider === 'yookassa' || provider === 'tbank';
  const go = async () => {
    try {
      const { confirmationUrl } = await pay({ id: invoice.id, provider, ...(canSave && saveCard ? { saveCard: true } : {}) }).unwrap();
      if (provider === 'sbp') setSbpUrl(confirmationUrl);
      else window.location.assign(confirmationUrl);
    } catch {
      /* shown below */
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs">
      <DialogTitle>{t('payTitle', { number: invoice.number })}</DialogTitle>
      <DialogContent>
        <Typography sx={{ fontWeight: 600, mb: 2 }}>{t('payAmount', { amount: formatKopecks(invoice.totalKopecks - invoice.paidKopecks) })}</Typography>
        {sbpUrl ? (
          <DialogContentText>
            {t('sbpLink')}{' '}
            <Link href={sbpUrl} target="_blank" rel="noopener" sx={{ overflowWrap: 'anywhere' }}>
              {t('sbpOpen')}
            </Link>
          </DialogContentText>
        ) : (
          <FormControl>
            <FormLabel id="pay-provider">{t('payHow')}</FormLabel>
            <RadioGroup aria-labelledby="pay-provider" value={provider} onChange={(e) => setProvider(e.target.value as Provider)}>
              {PROVIDERS.map((p) => (
                <FormControlLabel key={p} value={p} control={<Radio />} label={t(`providers.${p}`)} />
              ))}
            </RadioGroup>
            {canSave && <FormControlLabel control={<Checkbox checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} />} label={t('saveCard')} />}
            <Typography color="text.secondary" sx={{ fontSize: 13, mt: 1 }}>
              {t('payNote')}
            </Typography>
          </FormControl>
        )}
        {state.error && <ErrorState error={state.error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:close')}</Button>
        {!sbpUrl && (
          <Button variant="contained" onClick={go} disabled={state.isLoading}>
            {t('goPay')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
