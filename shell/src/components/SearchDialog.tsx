import HistoryIcon from '@mui/icons-material/History';
import SearchIcon from '@mui/icons-material/Search';
import {
  apiFetch, Box, CircularProgress, Dialog, InputAdornment, List, ListItemButton, ListItemIcon, ListItemText, ListSubheader, TextField, Typography, navigate
} from '@workcloud/shared-ui/core';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MenuEntry } from '../modules/menu';

/** One hit of GET /api/search. */
interface Hit {
  title: string;
  titleEn?: string;
  subtitle: string;
  path: string;
}
type Kind = 'menu' | 'documents' | 'catalogs' | 'people' | 'recent';
interface Group {
  kind: Kind;
  items: Hit[];
}

const DEBOUNCE_MS = 250;
const RECENT_KEY = 'wc.search.recent';
const RECENT_MAX = 6;

function readRecent(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter((s): s is string => typeof s === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}
function remember(q: string) {
  const recent = [q, ...readRecent().filter((s) => s !== q)].slice(0, RECENT_MAX);
  localStorage.setItem(RECENT_KEY, JSON.stringify(recent));
}

/**
 * Ctrl+K: the sections of the menu matched here, and — in a company — everything the person may read,
 * found by the server (documents by number, date, customer or amount; catalog items by name, code,
 * barcode, ИНН; pages and «Создать …» actions; people). Typing waits a moment before asking; arrows
 * move, Enter opens, Esc closes; with nothing typed, the recent searches.
 */
export default function SearchDialog({ onClose, entries, inCompany }: { onClose: () => void; entries: MenuEntry[]; inCompany: boolean }) {
  const { t, i18n } = useTranslation('shell');
  const en = i18n.language === 'en';
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [found, setFound] = useState<{ q: string; groups: Group[]; error?: string } | null>(null);
  const [recent] = useState(readRecent);
  const typed = q.trim();

  useEffect(() => {
    if (!inCompany || !typed) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      apiFetch<{ groups: Group[] }>(`/api/search?q=${encodeURIComponent(typed)}&limit=5`, { signal: abort.signal })
        .then((res) => setFound({ q: typed, groups: res.groups }))
        .catch((e: Error) => abort.signal.aborted || setFound({ q: typed, groups: [], error: e.message }));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [typed, inCompany]);

  const groups = useMemo((): Group[] => {
    if (!typed) return recent.length ? [{ kind: 'recent', items: recent.map((r) => ({ title: r, subtitle: '', path: '' })) }] : [];
    const s = typed.toLowerCase();
    // Pages of module UIs the server does not know (their own screens) are matched here, by words of their titles.
    const local = entries.filter((e) => `${e.title} ${e.group ?? ''}`.toLowerCase().includes(s)).map((e) => ({ title: e.title, subtitle: e.group !== e.title ? (e.group ?? '') : '', path: e.path }));
    const server = found?.q === typed ? found.groups : [];
    const menu = [...local, ...(server.find((g) => g.kind === 'menu')?.items ?? []).filter((h) => !local.some((l) => l.path === h.path))];
    return [...(menu.length ? [{ kind: 'menu' as const, items: menu }] : []), ...server.filter((g) => g.kind !== 'menu')];
  }, [typed, entries, found, recent]);
  const flat = groups.flatMap((g) => g.items.map((item) => ({ kind: g.kind, item })));
  const waiting = inCompany && !!typed && found?.q !== typed;

  const open = (hit: { kind: Kind; item: Hit } | undefined) => {
    if (!hit) return;
    if (hit.kind === 'recent') {
      setQ(hit.item.title);
      setActive(0);
      return;
    }
    remember(typed);
    onClose();
    navigate(hit.item.path);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, flat.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(flat[active]);
    }
  };
  let index = -1;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-label={t('quickSearch')}>
      <Box sx={{ p: 2 }}>
        <TextField
          autoFocus
          fullWidth
          label={t('quickSearch')}
          placeholder={inCompany ? t('quickSearchHintCompany') : t('quickSearchHint')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
          slotProps={{
            input: {
              startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment>,
              endAdornment: waiting ? <InputAdornment position="end"><CircularProgress size={18} aria-label={t('searching')} /></InputAdornment> : undefined,
            },             htmlInput: { 'aria-controls': 'wc-search-results', 'aria-activedescendant': flat[active] ? `wc-search-${active}` : undefined },
          }}
        />
        <List id="wc-search-results" role="listbox" aria-label={t('quickSearch')} sx={{ mt: 1, maxHeight: 420, overflow: 'auto' }}>
          {groups.map((g) => (
            <li key={g.kind} role="presentation">
              <List role="group" aria-label={t(`searchGroup.${g.kind}`)} disablePadding>
                <ListSubheader role="presentation" sx={{ lineHeight: '32px' }}>{t(`searchGroup.${g.kind}`)}</ListSubheader>
                {g.items.map((item) => {
                  index += 1;
                  const i = index;
                  return (
                    <ListItemButton key={`${g.kind}:${item.path}:${item.title}`} id={`wc-search-${i}`} role="option" selected={i === active} aria-selected={i === active} onClick={() => open({ kind: g.kind, item })}>
                      {g.kind === 'recent' && (
                        <ListItemIcon sx={{ minWidth: 36 }}>
                          <HistoryIcon fontSize="small" />
                        </ListItemIcon>
                      )}
                      <ListItemText primary={en ? (item.titleEn ?? item.title) : item.title} secondary={item.subtitle || undefined} />
                    </ListItemButton>
                  );
                })}
              </List>
            </li>
          ))}
        </List>
        {!!typed && !waiting && flat.length === 0 && (
          <Typography color="text.secondary" sx={{ p: 2 }} role="status">
            {found?.error ?? t('common:nothingFound')}
          </Typography>
        )}
      </Box>
    </Dialog>
  );
}
