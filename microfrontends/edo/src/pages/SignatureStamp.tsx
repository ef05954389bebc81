import { Box, Typography, formatDateTime } from '@workcloud/shared-ui';
import type { EdoFile } from '../api';
import { useEdoT } from '../i18n';

/**
 * The electronic-signature stamp of one file, as on a printed УПД: who signed (organization, ИНН, signer), the
 * certificate (serial, validity), when, and the check. A signature that failed the check is framed in red and says why.
 */
export function SignatureStamp({ file }: { file: EdoFile }) {
  const { t, i18n } = useEdoT();
  const stamp = file.stamp!;
  const ok = stamp.status === 'valid';
  const flagged = !ok && stamp.status !== 'not_checked';
  const signer = stamp.signer;
  const organization = signer?.organization ?? signer?.name ?? '—';
  const rows: [string, string][] = [
    [t('stampFile'), `${t(`fileKinds.${file.kind}`)} · ${file.file_id}`],
    [t('stampOrganization'), organization],
    [t('stampInn'), signer?.inn ?? '—'],
    [t('stampSigner'), signer?.commonName ?? '—'],
    [t('stampSerial'), signer?.serial ?? '—'],
    [t('stampValidity'), signer ? t('stampValidityValue', { from: formatDateTime(signer.validFrom, i18n.language), to: formatDateTime(signer.validTo, i18n.language) }) : '—'],
    [t('stampSignedAt'), formatDateTime(stamp.signed_at, i18n.language)],
  ];
  return (
    <Box
      component="section"
      aria-label={t('stampOf', { organization })}
      data-verification={stamp.status}
      sx={{ border: 2, borderColor: flagged ? 'error.main' : ok ? 'primary.main' : 'divider', borderRadius: 1, p: 1.5, minWidth: 0 }}
    >
      <Typography variant="subtitle2" component="h3" sx={{ textTransform: 'uppercase', letterSpacing: 0.5, mb: 1 }}>
        {t('stampTitle')}
      </Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'minmax(90px, auto) 1fr', columnGap: 1.5, rowGap: 0.25, m: 0 }}>
        {rows.map(([label, value]) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
              {value}
            </Typography>
          </Box>
        ))}
        <Typography component="dt" variant="body2" color="text.secondary">
          {t('stampCheck')}
        </Typography>
        <Typography component="dd" variant="body2" role={flagged ? 'alert' : undefined} sx={{ m: 0, fontWeight: 600, color: flagged ? 'error.main' : undefined, overflowWrap: 'anywhere' }}>
          {stamp.title}
          {flagged ? `: ${stamp.note}` : ''}
        </Typography>
      </Box>
    </Box>
  );
}
