import {
  Alert, Box as Layout, Button, ErrorState, Loading, PageHeader, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography,
  apiFetch, formatDateTime, useAbility,
} from '@workcloud/shared-ui';
import { useEffect, useState, type ReactNode } from 'react';
import { useEdoT } from '../i18n';
import { PowersOfAttorney } from './PowersOfAttorney';

interface Certificate {
  id: string;
  name: string;
  purpose: 'signing' | 'trusted_root';
  subject_inn: string | null;
  serial: string;
  valid_from: string;
  valid_to: string;
}

/** A chosen file as the API takes it: PEM as its text, anything else (DER, a raw key) in base64. */
async function fileForApi(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  if (text.startsWith('-----BEGIN')) return text;
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary);
}

function FileButton({ label, onFile, disabled }: { label: string; onFile: (f: File) => void; disabled?: boolean }) {
  return (
    <Button component="label" variant="outlined" disabled={disabled}>
      {label}
      <input hidden type="file" onChange={(e) => e.target.files?.[0] && onFile(e.target.files[0])} aria-label={label} />
    </Button>
  );
}

function CertificateTable({ title, rows, action }: { title: string; rows: Certificate[]; action?: (c: Certificate) => ReactNode }) {
  const { t, i18n } = useEdoT();
  if (!rows.length) return <Typography color="text.secondary">{t('noCertificates')}</Typography>;
  return (
    // On a phone the table scrolls sideways: the region takes the focus, so a keyboard can scroll it too.
    <TableContainer tabIndex={0} role="region" aria-label={title}>
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            <TableCell>{t('certificateName')}</TableCell>
            <TableCell>{t('stampInn')}</TableCell>
            <TableCell>{t('serial')}</TableCell>
            <TableCell>{t('validFrom')}</TableCell>
            <TableCell>{t('validTo')}</TableCell>
            {action && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((c) => (
            <TableRow key={c.id}>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{c.name}</TableCell>
              <TableCell>{c.subject_inn ?? '—'}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }}>{c.serial}</TableCell>
              <TableCell>{formatDateTime(c.valid_from, i18n.language)}</TableCell>
              <TableCell>{formatDateTime(c.valid_to, i18n.language)}</TableCell>
              {action && <TableCell>{action(c)}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/**
 * The company's signing certificate (with the software signer's key, loaded by an admin) and the trusted roots an
 * incoming signature's chain must end in, as the module's routes keep them.
 */
export function SettingsPage() {
  const { t } = useEdoT();
  const ability = useAbility();
  const [certificates, setCertificates] = useState<Certificate[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [certificateFile, setCertificateFile] = useState<File | null>(null);
  const load = () => apiFetch<{ items: Certificate[] }>('/api/edo/catalogs/certificates?limit=100').then((r) => setCertificates(r.items), setLoadError);
  useEffect(() => void load(), []);

  const attempt = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const loadSigningKey = (key: File) =>
    attempt(async () => {
      await apiFetch('/api/edo/signing/keys', { method: 'POST', body: { certificate: await fileForApi(certificateFile!), private_key: await fileForApi(key) } });
      setCertificateFile(null);
    });
  const addRoot = (file: File) => attempt(async () => apiFetch('/api/edo/trusted-roots', { method: 'POST', body: { certificate: await fileForApi(file) } }));
  const removeRoot = (c: Certificate) => attempt(() => apiFetch(`/api/edo/trusted-roots/${c.id}`, { method: 'DELETE' }));

  if (loadError) return <ErrorState error={loadError} onRetry={() => (setLoadError(null), void load())} />;
  if (!certificates) return <Loading />;
  const signing = certificates.filter((c) => c.purpose === 'signing');
  const roots = certificates.filter((c) => c.purpose === 'trusted_root');
  return (
    <>
      <PageHeader title={t('settings')} />
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      <Stack spacing={2}>
        <Paper variant="outlined" component="section" aria-labelledby="edo-signing" sx={{ p: 2 }}>
          <Typography variant="h2" id="edo-signing" sx={{ mb: 0.5 }}>
            {t('signingCertificates')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            {t('signingHint')}
          </Typography>
          <CertificateTable title={t('signingCertificates')} rows={signing} />
          {ability.can('create', 'edo.signer_keys') && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mt: 2, alignItems: { sm: 'center' } }}>
              <FileButton label={t('certificateFile')} onFile={setCertificateFile} disabled={busy} />
              <FileButton label={t('keyFile')} onFile={loadSigningKey} disabled={busy || !certificateFile} />
              {certificateFile && <Typography variant="body2">{certificateFile.name}</Typography>}
            </Stack>
          )}
        </Paper>
        <Paper variant="outlined" component="section" aria-labelledby="edo-roots" sx={{ p: 2 }}>
          <Typography variant="h2" id="edo-roots" sx={{ mb: 0.5 }}>
            {t('trustedRoots')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            {t('trustedHint')}
          </Typography>
          <CertificateTable
            title={t('trustedRoots')}
            rows={roots}
            action={
              ability.can('delete', 'edo.certificates')
                ? (c) => (
                    <Button size="small" color="error" disabled={busy} onClick={() => removeRoot(c)} aria-label={t('removeRootOf', { name: c.name })}>
                      {t('removeRoot')}
                    </Button>
                  )
                : undefined
            }
          />
          {ability.can('create', 'edo.certificates') && (
            <Layout sx={{ mt: 2 }}>
              <FileButton label={t('addRoot')} onFile={addRoot} disabled={busy} />
            </Layout>
          )}
        </Paper>
        <PowersOfAttorney />
      </Stack>
    </>
  );
}
