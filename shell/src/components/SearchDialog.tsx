import SearchIcon from '@mui/icons-material/Search';
import {
  Box, Dialog, InputAdornment, List, ListItemButton, ListItemText, TextField, Typography, navigate
} from '@workcloud/shared-ui/core';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MenuEntry } from '../modules/menu';

/** Ctrl+K: jump to any section the user may open. Arrows move, Enter opens, Esc closes. */
export function SearchDialog({ open, onClose, entries }: { open: boolean; onClose: () => void; entries: MenuEntry[] }) {
  const { t } = useTranslation('shell');
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const found = useMemo(() => {
    const s = q.trim().toLowerCase();
    return s ? entries.filter((e) => `${e.title} ${e.group ?? ''}`.toLowerCase().includes(s)) : entries;
  }, [q, entries]);
  const go = (e: MenuEntry | undefined) => {
    if (!e) return;
    onClose();
    setQ('');
    navigate(e.path);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, found.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(found[active]);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" aria-label={t('quickSearch')}>
      <Box sx={{ p: 2 }}>
        <TextField
          autoFocus
          fullWidth
          label={t('quickSearch')}
          placeholder={t('quickSearchHint')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment> } }}
        />
        <List role="listbox" aria-label={t('quickSearch')} sx={{ mt: 1, maxHeight: 360, overflow: 'auto' }}>
          {found.map((e, i) => (
            <ListItemButton key={e.path} role="option" selected={i === active} aria-selected={i === active} onClick={() => go(e)}>
              <ListItemText primary={e.title} secondary={e.group !== e.title ? e.group : undefined} />
            </ListItemButton>
          ))}
          {found.length === 0 && (
            <Typography color="text.secondary" sx={{ p: 2 }}>
              {t('common:nothingFound')}
            </Typography>
          )}
        </List>
      </Box>
    </Dialog>
  );
}
