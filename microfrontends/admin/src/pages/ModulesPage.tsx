import {
  Box, Chip, ErrorState, Loading, PageHeader, Paper, Table, TableBody, TableCell, TableContainer, TableFooter,
  TableHead, TableRow, Typography, formatIsoDate, formatKopecks
} from '@workcloud/shared-ui';
import { useCompanyModulesQuery } from '../api/adminApi';
import { useAdminT } from '../useAdminT';

/**
 * The company's modules and those it may add, with today's monthly prices (integer kopecks, formatted
 * without floats), a price change the owner has set, and what a module needs («Требует: Торговля и склад»).
 */
export function ModulesPage() {
  const { t, i18n } = useAdminT();
  const { data, error, isLoading, refetch } = useCompanyModulesQuery();
  const en = i18n.language === 'en';
  const total = (data ?? []).filter((m) => m.enabled && !m.alwaysIncluded).reduce((s, m) => s + m.monthlyPriceKopecks, 0);
  const titleOf = (code: string) => {
    const m = data?.find((x) => x.code === code);
    return m ? (en ? m.titleEn : m.title) : code;
  };
  return (
    <Box>
      <PageHeader title={t('modules')} subtitle={t('modulesSubtitle')} crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('modules') }]} />
      {error && <ErrorState error={error} onRetry={refetch} />}
      {isLoading && <Loading />}
      {data && (
        <TableContainer component={Paper} variant="outlined">
          <Table aria-label={t('modules')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('module')}</TableCell>
                <TableCell>{t('status')}</TableCell>
                <TableCell align="right">{t('price')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((m) => (
                <TableRow key={m.code}>
                  <TableCell>
                    <Typography sx={{ fontWeight: 600 }}>{en ? m.titleEn : m.title}</Typography>
                    <Typography color="text.secondary" sx={{ fontSize: 14 }}>
                      {m.description}
                    </Typography>
                    {!!m.depends?.length && (
                      <Typography sx={{ fontSize: 14, mt: 0.5 }} data-testid={`requires-${m.code}`}>
                        {t('requires', { modules: m.depends.map(titleOf).join(', ') })}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {m.alwaysIncluded ? (
                      <Chip size="small" label={t('alwaysIncluded')} variant="outlined" />
                    ) : (
                      <Chip size="small" color={m.enabled ? 'success' : 'default'} variant={m.enabled ? 'filled' : 'outlined'} label={m.enabled ? t('connected') : t('notConnected')} />
                    )}
                    {m.enabled && m.offered === false && !m.alwaysIncluded && (
                      <Typography color="text.secondary" sx={{ fontSize: 13, mt: 0.5 }}>
                        {t('offSale')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatKopecks(m.monthlyPriceKopecks)}
                    {m.nextPrice && (
                      <Typography color="text.secondary" sx={{ fontSize: 13 }}>
                        {t('priceFromDate', { date: formatIsoDate(m.nextPrice.validFrom), price: formatKopecks(m.nextPrice.monthlyPriceKopecks) })}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow>
                <TableCell colSpan={2}>
                  <Typography sx={{ fontWeight: 600 }}>{t('total')}</Typography>
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                  {formatKopecks(total)}
                </TableCell>
              </TableRow>
            </TableFooter>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}
