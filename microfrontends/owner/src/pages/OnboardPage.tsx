import {
  Alert, type ApiError, Box, Button, Checkbox, ErrorState, FormControlLabel, FormGroup, PageHeader, Paper, Stack, TextInput,
  Typography, fieldErrors, firstError, formatKopecks, navigate, rules
} from '@workcloud/shared-ui';
import { useState, type FormEvent } from 'react';
import { useCatalogueQuery, useOnboardMutation } from '../api/ownerApi';
import { useApplyClientPromoCodeMutation } from '../billing/api';
import { useOwnerT } from '../useOwnerT';

/**
 * Onboarding a customer. The server validates the ИНН checksum and the password rules and answers
 * 400 with errors[{field, message}]: each message is shown under its field.
 */
export function OnboardPage() {
  const { t, i18n } = useOwnerT();
  const { data: catalogue = [] } = useCatalogueQuery();
  const [onboard, { isLoading, error }] = useOnboardMutation();
  const [applyPromo] = useApplyClientPromoCodeMutation();
  const [promoRefused, setPromoRefused] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', inn: '', kpp: '', adminEmail: '', adminPassword: '', adminFullName: '', modules: [] as string[], promoCode: '' });
  const [touched, setTouched] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // Only what is sold now: not always included, not the owner's, available and built (the server decides).
  const sellable = catalogue.filter((m) => m.sellable);
  const total = sellable.filter((m) => form.modules.includes(m.code)).reduce((s, m) => s + m.monthlyPriceKopecks, 0);
  const server = fieldErrors(error);
  const local = {
    name: rules.required(t)(form.name),
    inn: firstError(rules.required(t)(form.inn), /^\d{10}(\d{2})?$/.test(form.inn.trim()) || !form.inn ? null : t('innHint')),
    adminEmail: firstError(rules.required(t)(form.adminEmail), rules.email(t)(form.adminEmail)),
    adminPassword: firstError(rules.required(t)(form.adminPassword), rules.minLength(t, 10)(form.adminPassword)),
  };
  const err = (field: keyof typeof form) => server[field] ?? (touched ? ((local as Record<string, string | null>)[field] ?? null) : null);
  const set = (field: keyof typeof form) => (v: string) => setForm({ ...form, [field]: v });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.values(local).some(Boolean)) return;
    setPromoRefused(null);
    try {
      const created = await onboard({
        name: form.name.trim(),
        inn: form.inn.trim(),
        kpp: form.kpp.trim() || undefined,
        adminEmail: form.adminEmail.trim(),
        adminPassword: form.adminPassword,
        adminFullName: form.adminFullName.trim() || undefined,
        modules: form.modules,
      }).unwrap();
      // The promo code is the billing's: applied to the new client, its refusal said (the client stays onboarded).
      if (form.promoCode.trim()) {
        const applied = await applyPromo({ id: created.id, code: form.promoCode.trim() });
        if ('error' in applied) {
          setPromoRefused(t('promoRefused', { name: form.name.trim(), reason: (applied.error as ApiError).detail }));
          return;
        }
      }
      setDone(form.name.trim());
      setTimeout(() => navigate('/m/owner/tenants'), 800);
    } catch {
      /* errors shown under the fields */
    }
  };

  return (
    <Box>
      <PageHeader title={t('onboard')} subtitle={t('onboardSubtitle')} crumbs={[{ label: t('section'), path: '/m/owner' }, { label: t('tenants'), path: '/m/owner/tenants' }, { label: t('onboard') }]} />
      <Paper variant="outlined" component="form" onSubmit={submit} noValidate sx={{ p: { xs: 2, sm: 3 }, maxWidth: 860 }}>
        <Stack spacing={3}>
          {done && <Alert severity="success">{t('created', { name: done })}</Alert>}
          {promoRefused && (
            <Alert severity="warning" role="alert">
              {promoRefused}
            </Alert>
          )}
          {error && !Object.keys(server).length && <ErrorState error={error} />}
          <Box>
            <Typography variant="h3" component="h2" sx={{ mb: 2 }}>
              {t('company')}
            </Typography>
            <Stack spacing={2}>
              <TextInput label={t('name')} name="name" required value={form.name} onChange={set('name')} error={err('name')} />
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <TextInput label={t('inn')} name="inn" required value={form.inn} onChange={set('inn')} error={err('inn')} helperText={t('innHint')} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 12 } }} />
                <TextInput label={t('kpp')} name="kpp" value={form.kpp} onChange={set('kpp')} error={err('kpp')} helperText={t('kppHint')} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 9 } }} />
              </Stack>
            </Stack>
          </Box>
          <Box>
            <Typography variant="h3" component="h2" sx={{ mb: 2 }}>
              {t('admin')}
            </Typography>
            <Stack spacing={2}>
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <TextInput label={t('adminEmail')} name="adminEmail" type="email" required value={form.adminEmail} onChange={set('adminEmail')} error={err('adminEmail')} />
                <TextInput label={t('adminFullName')} name="adminFullName" value={form.adminFullName} onChange={set('adminFullName')} error={err('adminFullName')} />
              </Stack>
              <TextInput label={t('adminPassword')} name="adminPassword" type="password" autoComplete="new-password" required value={form.adminPassword} onChange={set('adminPassword')} error={err('adminPassword')} helperText={t('adminPasswordHint')} />
            </Stack>
          </Box>
          <Box>
            <Typography variant="h3" component="h2" sx={{ mb: 1 }}>
              {t('modules')}
            </Typography>
            <FormGroup aria-label={t('modules')}>
              {sellable.map((m) => (
                <FormControlLabel
                  key={m.code}
                  control={<Checkbox checked={form.modules.includes(m.code)} onChange={(e) => setForm({ ...form, modules: e.target.checked ? [...form.modules, m.code] : form.modules.filter((c) => c !== m.code) })} />}
                  label={
                    <span>
                      {i18n.language === 'en' ? m.titleEn : m.title} — <b>{formatKopecks(m.monthlyPriceKopecks)}</b>
                    </span>
                  }
                />
              ))}
            </FormGroup>
            {server.modules && <Typography color="error">{server.modules}</Typography>}
            <Typography sx={{ mt: 1, fontWeight: 600 }} data-testid="onboard-total">
              {t('total', { sum: formatKopecks(total) })}
            </Typography>
            <Box sx={{ mt: 2, maxWidth: 360 }}>
              <TextInput label={t('promoCode')} name="promoCode" value={form.promoCode} onChange={set('promoCode')} helperText={t('promoHint')} slotProps={{ htmlInput: { maxLength: 64 } }} />
            </Box>
          </Box>
          <Box>
            <Button type="submit" variant="contained" size="large" disabled={isLoading}>
              {t('create')}
            </Button>
          </Box>
        </Stack>
      </Paper>
    </Box>
  );
}
