import {
  Alert, Box, Button, Checkbox, DialogContentText, EnumInput, ErrorState, FormControlLabel, FormGroup, MoneyInput, NumberInput,
  Paper, Stack, TextInput, Typography, fieldErrors, formatDate
} from '@workcloud/shared-ui';
import { useState, type FormEvent } from 'react';
import { useCatalogueQuery } from '../api/ownerApi';
import { useClientDiscountQuery, useEndClientDiscountMutation, useSetClientDiscountMutation } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { useBillingT } from './useBillingT';

type Kind = 'percent' | 'fixed';
const EMPTY = { kind: 'percent' as Kind, percent: null as number | null, amountKopecks: null as number | null, months: null as number | null, modules: [] as string[], comment: '' };

/**
 * A client's discount on its card: the one in force (personal or by a promo code) with «Отменить скидку», and the
 * owner's form for a personal discount, which replaces it from the next Счёт. The server checks the terms and
 * says what is wrong in Russian, under the field it concerns.
 */
export function ClientDiscountPanel({ clientId, clientName }: { clientId: string; clientName: string }) {
  const { t, i18n } = useBillingT();
  const { data, error, refetch } = useClientDiscountQuery(clientId);
  const { data: catalogue = [] } = useCatalogueQuery();
  const [setDiscount, setState] = useSetClientDiscountMutation();
  const [endDiscount, endState] = useEndClientDiscountMutation();
  const [form, setForm] = useState(EMPTY);
  const [asking, setAsking] = useState(false);
  const server = fieldErrors(setState.error);
  const sellable = catalogue.filter((m) => m.sellable);
  const title = (code: string) => sellable.find((m) => m.code === code)?.[i18n.language === 'en' ? 'titleEn' : 'title'] ?? code;
  const d = data?.discount;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    endState.reset();
    try {
      await setDiscount({
        id: clientId,
        percent: form.kind === 'percent' ? form.percent : null,
        amountKopecks: form.kind === 'fixed' ? form.amountKopecks : null,
        months: form.months,
        modules: form.modules.length ? form.modules : null,
        comment: form.comment.trim(),
      }).unwrap();
      setForm(EMPTY);
    } catch {
      /* shown under the fields or above the button */
    }
  };
  const end = async () => {
    try {
      setState.reset();
      await endDiscount(clientId).unwrap();
      setAsking(false);
    } catch {
      /* shown in the dialog */
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} component="section" aria-label={t('discount')}>
      <Typography sx={{ fontWeight: 600, mb: 1 }}>{t('discount')}</Typography>
      {error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : d ? (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' }, mb: 2 }}>
          <Box sx={{ flex: 1 }}>
            <Typography data-testid="client-discount">
              {d.months === null ? t('discountInForceForever', { label: d.label, used: d.monthsUsed }) : t('discountInForce', { label: d.label, used: d.monthsUsed, months: d.months })}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {[t('discountSince', { date: formatDate(d.appliedOn, i18n.language) }), d.modules ? d.modules.map(title).join(', ') : t('allModules'), d.comment].filter(Boolean).join(' · ')}
            </Typography>
          </Box>
          <Button color="error" variant="outlined" onClick={() => setAsking(true)}>
            {t('endDiscount')}
          </Button>
        </Stack>
      ) : (
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('noDiscount')}
        </Typography>
      )}
      {endState.isSuccess && <Alert severity="success" role="status" sx={{ mb: 2 }}>{t('discountEnded')}</Alert>}

      <Box component="form" noValidate onSubmit={submit} aria-label={t('personalDiscount')}>
        <Typography sx={{ fontWeight: 600 }}>{t('personalDiscount')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('personalDiscountHint')}
        </Typography>
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <EnumInput label={t('promoKind')} value={form.kind} onChange={(kind) => setForm({ ...form, kind })} options={[{ value: 'percent', label: t('promoPercent') }, { value: 'fixed', label: t('promoFixed') }]} />
            {form.kind === 'percent' ? (
              <NumberInput label={t('percentOff')} name="percent" value={form.percent} onChange={(percent) => setForm({ ...form, percent })} error={server.percent} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
            ) : (
              <MoneyInput label={t('amountOff')} name="amountKopecks" value={form.amountKopecks} onChange={(amountKopecks) => setForm({ ...form, amountKopecks })} error={server.amountKopecks ?? server.percent} />
            )}
            <NumberInput label={t('promoMonths')} name="months" value={form.months} onChange={(months) => setForm({ ...form, months })} error={server.months} helperText={t('promoMonthsHint')} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
          </Stack>
          <TextInput label={t('discountComment')} name="comment" required value={form.comment} onChange={(comment) => setForm({ ...form, comment })} error={server.comment} slotProps={{ htmlInput: { maxLength: 500 } }} />
          <FormGroup aria-label={t('promoModules')}>
            <Typography color="text.secondary">{t('promoModules')}</Typography>
            {sellable.map((m) => (
              <FormControlLabel
                key={m.code}
                label={title(m.code)}
                control={<Checkbox checked={form.modules.includes(m.code)} onChange={(e) => setForm({ ...form, modules: e.target.checked ? [...form.modules, m.code] : form.modules.filter((c) => c !== m.code) })} />}
              />
            ))}
          </FormGroup>
          {setState.isSuccess && setState.data?.discount && <Alert severity="success" role="status">{t('discountSet', { label: setState.data.discount.label })}</Alert>}
          {setState.error && !Object.keys(server).length && <ErrorState error={setState.error} />}
          <Box>
            <Button type="submit" variant="contained" disabled={setState.isLoading}>
              {t('setDiscount')}
            </Button>
          </Box>
        </Stack>
      </Box>

      <ConfirmDialog open={asking} title={t('endDiscount')} confirm={t('endDiscount')} danger busy={endState.isLoading} onConfirm={end} onClose={() => setAsking(false)}>
        <DialogContentText>{t('endDiscountConfirm', { name: clientName })}</DialogContentText>
        {endState.error && <ErrorState error={endState.error} />}
      </ConfirmDialog>
    </Paper>
  );
}
