import { Alert, Button, ErrorState, Paper, Stack, TextField, Typography } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useApplyPromoCodeMutation, useDiscountQuery } from './api';
import { useBillingT } from './useBillingT';

/**
 * The company's discount: the one in force (how it reads on the Счёт, how many Счета it has had), or a field
 * to apply a promo code. A refused code (unknown, expired, used up) shows the server's Russian reason.
 */
export function DiscountCard({ canChange }: { canChange: boolean }) {
  const { t } = useBillingT();
  const { data } = useDiscountQuery();
  const [apply, state] = useApplyPromoCodeMutation();
  const [code, setCode] = useState('');
  const discount = data?.discount;
  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2 }} component="section" aria-label={t('discount')}>
      <Typography sx={{ fontWeight: 600 }}>{t('discount')}</Typography>
      {discount ? (
        <Typography color="text.secondary" sx={{ mt: 1 }} data-testid="discount-in-force">
          {t('discountOn', { label: discount.label })} — {discount.months === null ? t('discountForever') : t('discountMonths', { used: discount.monthsUsed, months: discount.months })}
        </Typography>
      ) : (
        <>
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {t('noDiscount')}
          </Typography>
          {canChange && (
            <Stack
              component="form"
              direction="row"
              spacing={1}
              sx={{ mt: 1, alignItems: 'flex-start' }}
              onSubmit={(e) => {
                e.preventDefault();
                if (code.trim()) apply(code.trim());
              }}
            >
              <TextField size="small" label={t('promoCode')} value={code} onChange={(e) => setCode(e.target.value)} slotProps={{ htmlInput: { maxLength: 64 } }} />
              <Button type="submit" variant="outlined" disabled={state.isLoading || !code.trim()}>
                {t('applyPromo')}
              </Button>
            </Stack>
          )}
        </>
      )}
      {state.isSuccess && discount && (
        <Alert severity="success" role="status" sx={{ mt: 1 }}>
          {t('promoApplied')}
        </Alert>
      )}
      {state.error && <ErrorState error={state.error} />}
    </Paper>
  );
}
