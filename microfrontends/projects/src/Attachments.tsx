import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, Link, List, ListItem, Typography, apiFetch, readTokens } from '@workcloud/shared-ui';
import { useState, type ChangeEvent } from 'react';
import { useProjectsT } from './i18n';

interface Attachment {
  id: string;
  name: string;
  size: number;
}

const auth = (): Record<string, string> => {
  const tokens = readTokens();
  return tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {};
};
const problem = async (res: Response) => ((await res.json().catch(() => null)) as { detail?: string } | null)?.detail ?? `Ошибка ${res.status}`;

/** A task card's «Вложения»: the task's files, each downloadable, and one more picked from the computer (sent as it is). */
export function AttachmentsButton({ task, name }: { task: string; name: string }) {
  const { t } = useProjectsT();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Attachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    apiFetch<{ items: Attachment[] }>(`/api/projects/catalogs/attachments?owner_id=${task}&limit=200`).then(
      (r) => setItems(r.items),
      (e) => setError((e as { detail?: string }).detail ?? String(e)),
    );
  const show = () => {
    setOpen(true);
    setError(null);
    void load();
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    const res = await fetch(`/api/projects/tasks/${task}/attachments?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/octet-stream' },
      body: file,
    });
    if (!res.ok) setError(await problem(res));
    else void load();
  };
  // The file needs the bearer token, so it is fetched and handed to the browser as a download.
  const download = async (a: Attachment) => {
    const res = await fetch(`/api/projects/attachments/${a.id}/file`, { headers: auth() });
    if (!res.ok) return setError(await problem(res));
    const url = URL.createObjectURL(await res.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: a.name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <>
      <IconButton size="small" aria-label={t('attachmentsOf', { task: name })} onClick={show}>
        <span aria-hidden>📎</span>
      </IconButton>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{t('attachmentsOf', { task: name })}</DialogTitle>
        <DialogContent>
          {error && (
            <Alert severity="error" sx={{ mb: 1 }}>
              {error}
            </Alert>
          )}
          {items.length ? (
            <List dense aria-label={t('attachments')}>
              {items.map((a) => (
                <ListItem key={a.id} disableGutters>
                  <Link component="button" onClick={() => void download(a)}>
                    {a.name}
                  </Link>
                  <Typography variant="body2" color="text.secondary" sx={{ ml: 1 }}>
                    {t('kb', { size: Math.max(1, Math.round(a.size / 1024)) })}
                  </Typography>
                </ListItem>
              ))}
            </List>
          ) : (
            <Typography color="text.secondary">{t('noAttachments')}</Typography>
          )}
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {t('attachLimits')}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button component="label">
            {t('attach')}
            <input type="file" hidden onChange={(e) => void upload(e)} />
          </Button>
          <Button onClick={() => setOpen(false)}>{t('close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
