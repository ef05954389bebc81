import {
  Alert, Box, Button, Checkbox, DataTable, type DataTableColumn, DateInput, EnumInput, ErrorState, FormControlLabel, FormGroup, MoneyInput,
  NumberInput, PageHeader, Paper, Stack, TextInput, Typography, fieldErrors, formatDate, formatKopecks, navigate
} from '@workcloud/shared-ui';
import { useState, type FormEvent } from 'react';
import { useCatalogueQuery } from '../api/ownerApi';
import { useCreatePromoCodeMutation, useDiscountsQuery, usePromoCodesQuery, type ClientDiscount, type PromoCode } from './api';
import { useBillingT } from './useBillingT';

type Kind = 'percent' | 'fixed';
const EMPTY = { code: '', kind: 'percent' as Kind, percent: null as number | null, amountKopecks: null as number | null, months: null as number | null, modules: [] as string[], validUntil: '', maxUses: null as number | null };

/**
 * «Биллинг: промокоды»: the codes with their terms and how often they were used, and a form for a new one.
 * The server checks everything (a code taken, both or neither of percent and amount) and says why in Russian.
 */
export function PromoCodesPage() {
  const { t, i18n } = useBillingT();
  const { data, isFetching, error, refetch } = usePromoCodesQuery();
  const { data: catalogue = [] } = useCatalogueQuery();
  const [create, state] = useCreatePromoCodeMutation();
  const [form, setForm] = useState(EMPTY);
  const server = fieldErrors(state.error);
  const sellable = catalogue.filter((m) => m.sellable);
  const title = (code: string) => sellable.find((m) => m.code === code)?.[i18n.language === 'en' ? 'titleEn' : 'title'] ?? code;

  const size = (p: PromoCode) => (p.percent !== null ? `${p.percent} %` : formatKopecks(p.amountKopecks));
  const columns: DataTableColumn<PromoCode>[] = [
    { field: 'code', headerName: t('promoCode'), width: 140 },
    { field: 'size', headerName: t('size'), width: 120, valueGetter: (_v, row) => size(row) },
    { field: 'months', headerName: t('term'), width: 110, valueFormatter: (v: number | null) => (v === null ? t('forever') : t('monthsN', { n: v })) },
    { field: 'modules', headerName: t('promoModules').split(' (')[0], flex: 1, minWidth: 160, valueFormatter: (v: string[] | null) => (v ? v.map(title).join(', ') : t('allModules')) },
    { field: 'validUntil', headerName: t('until'), width: 110, valueFormatter: (v: string | null) => (v ? formatDate(v, i18n.language) : '—') },
    { field: 'uses', headerName: t('uses'), width: 110, valueGetter: (_v, row) => (row.maxUses === null ? `${row.uses} (${t('noLimit')})` : `${row.uses} / ${row.maxUses}`) },
  ];

  const discounts = useDiscountsQuery();
  type DiscountRow = Omit<ClientDiscount, 'id'> & { id: string; tenantId: string; tenantName: string };
  const discountRows: DiscountRow[] = (discounts.data?.items ?? []).map((d) => ({ ...d, id: String(d.id) }));
  const discountColumns: DataTableColumn<DiscountRow>[] = [
    { field: 'tenantName', headerName: t('client'), flex: 1, minWidth: 180 },
    { field: 'label', headerName: t('discount'), flex: 1, minWidth: 220 },
    { field: 'monthsUsed', headerName: t('monthsUsed'), width: 150, valueGetter: (_v, row) => (row.months === null ? `${row.monthsUsed} (${t('forever')})` : `${row.monthsUsed} / ${row.months}`) },
    { field: 'appliedOn', headerName: t('appliedOn'), width: 110, valueFormatter: (v: string) => formatDate(v, i18n.language) },
    { field: 'comment', headerName: t('comment'), flex: 1, minWidth: 160 },
  ];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await create({
        code: form.code.trim(),
        percent: form.kind === 'percent' ? form.percent : null,
        amountKopecks: form.kind === 'fixed' ? form.amountKopecks : null,
        months: form.months,
        modules: form.modules.length ? form.modules : null,
        validUntil: form.validUntil || null,
        maxUses: form.maxUses,
      }).unwrap();
      setForm(EMPTY);
    } catch {
      /* shown under the fields or above the button */
    }
  };

  return (
    <Box>
      <PageHeader title={t('promoCodes')} subtitle={t('promoCodesSubtitle')} crumbs={[{ label: t('section') }, { label: t('promoCodes') }]} />
      {error ? <ErrorState error={error} onRetry={refetch} /> : <DataTable ariaLabel={t('promoCodes')} rows={data?.items ?? []} columns={columns} loading={isFetching} />}

      <Paper variant="outlined" component="form" noValidate onSubmit={submit} sx={{ p: { xs: 2, sm: 3 }, mt: 3, maxWidth: 720 }} aria-label={t('newPromoCode')}>
        <Typography variant="h3" component="h2" sx={{ mb: 2 }}>
          {t('newPromoCode')}
        </Typography>
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextInput label={t('promoCode')} name="code" required value={form.code} onChange={(code) => setForm({ ...form, code })} error={server.code} slotProps={{ htmlInput: { maxLength: 32 } }} />
            <EnumInput label={t('promoKind')} value={form.kind} onChange={(kind) => setForm({ ...form, kind })} options={[{ value: 'percent', label: t('promoPercent') }, { value: 'fixed', label: t('promoFixed') }]} />
            {form.kind === 'percent' ? (
              <NumberInput label={t('percentOff')} name="percent" value={form.percent} onChange={(percent) => setForm({ ...form, percent })} error={server.percent} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
            ) : (
              <MoneyInput label={t('amountOff')} name="amountKopecks" value={form.amountKopecks} onChange={(amountKopecks) => setForm({ ...form, amountKopecks })} error={server.amountKopecks ?? server.percent} />
            )}
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <NumberInput label={t('promoMonths')} name="months" value={form.months} onChange={(months) => setForm({ ...form, months })} error={server.months} helperText={t('promoMonthsHint')} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
            <DateInput label={t('validUntil')} name="validUntil" value={form.validUntil} onChange={(validUntil) => setForm({ ...form, validUntil })} error={server.validUntil} />
            <NumberInput label={t('maxUses')} name="maxUses" value={form.maxUses} onChange={(maxUses) => setForm({ ...form, maxUses })} error={server.maxUses} helperText={t('maxUsesHint')} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
          </Stack>
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
          {state.isSuccess && state.data && <Alert severity="success" role="status">{t('promoCreated', { code: state.data.code })}</Alert>}
          {state.error && !Object.keys(server).length && <ErrorState error={state.error} />}
          <Box>
            <Button type="submit" variant="contained" disabled={state.isLoading}>
              {t('createPromo')}
            </Button>
          </Box>
        </Stack>
      </Paper>

      <Typography variant="h3" component="h2" sx={{ mt: 4, mb: 1 }}>
        {t('clientDiscounts')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('clientDiscountsHint')}
      </Typography>
      {discounts.error ? (
        <ErrorState error={discounts.error} onRetry={discounts.refetch} />
      ) : (
        <DataTable ariaLabel={t('clientDiscounts')} rows={discountRows} columns={discountColumns} loading={discounts.isFetching} onRowClick={(r) => navigate(`/m/owner/billing/clients/${r.tenantId}`)} />
      )}
    </Box>
  );
}
