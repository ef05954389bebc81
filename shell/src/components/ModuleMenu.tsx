import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { List, ListItem, ListItemButton, ListItemIcon, ListItemText, ListSubheader, linkProps } from '@workcloud/shared-ui/core';
import { useState, type ReactNode } from 'react';
import type { MenuGroup, MenuSection } from '../modules/menu';

const COLLAPSED_KEY = 'wc.menu.collapsed';

function readCollapsed(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/** Which sections the person folded, remembered in this browser (`module:section`). */
function useCollapsed() {
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const toggle = (key: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      try {
        localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...next]));
      } catch {
        /* private mode: remembered until the page closes */
      }
      return next;
    });
  return { collapsed, toggle };
}

/**
 * One module in the side menu: its title and its pages, under its sections (collapsible headings, each
 * a button with aria-expanded that shows or hides the section's list) when it declares them.
 */
export function ModuleMenu({ group: g, path, icon }: { group: MenuGroup; path: string; icon: ReactNode }) {
  const { collapsed, toggle } = useCollapsed();
  const isSelected = (p: string) => path === p || path.startsWith(p + '/');
  if (!g.items.length)
    return (
      <List dense>
        <MenuLink path={g.path} selected={path.startsWith(g.path)} icon={icon} title={g.title} />
      </List>
    );
  return (
    <List dense subheader={<ListSubheader sx={{ bgcolor: 'transparent', lineHeight: '32px' }}>{g.title}</ListSubheader>}>
      {g.sections
        ? g.sections.map((s) =>
            s.code ? (
              <Section key={s.code} module={g.code} section={s} open={!collapsed.has(`${g.code}:${s.code}`)} onToggle={() => toggle(`${g.code}:${s.code}`)} isSelected={isSelected} />
            ) : (
              s.items.map((i) => <MenuLink key={i.path} path={i.path} selected={isSelected(i.path)} title={i.title} indent />)
            ),
          )
        : g.items.map((i) => <MenuLink key={i.path} path={i.path} selected={isSelected(i.path)} title={i.title} indent />)}
    </List>
  );
}

function Section({ module, section: s, open, onToggle, isSelected }: { module: string; section: MenuSection; open: boolean; onToggle: () => void; isSelected: (p: string) => boolean }) {
  const id = `menu-${module}-${s.code}`;
  return (
    <li>
      <ListItemButton component="button" aria-expanded={open} aria-controls={id} onClick={onToggle} sx={{ pl: 2, width: '100%', textAlign: 'left' }}>
        <ListItemText primary={s.title} slotProps={{ primary: { sx: { fontWeight: 600, fontSize: 14 } } }} />
        {open ? <ExpandLessIcon fontSize="small" /> : <ExpandMoreIcon fontSize="small" />}
      </ListItemButton>
      {/* Kept in the page when folded, so aria-controls always names an element. */}
      <List dense disablePadding id={id} hidden={!open} aria-label={s.title}>
        {s.items.map((i) => (
          <MenuLink key={i.path} path={i.path} selected={isSelected(i.path)} title={i.title} indent={2} />
        ))}
      </List>
    </li>
  );
}

/** A side-menu entry: a link inside a list item, so the menu's lists hold only <li> (screen readers count them). */
export function MenuLink({ path, title, selected, icon, indent }: { path: string; title: string; selected: boolean; icon?: ReactNode; indent?: boolean | 2 }) {
  return (
    <ListItem disablePadding>
      <ListItemButton selected={selected} {...linkProps(path)} sx={indent ? { pl: indent === 2 ? 4 : 3 } : undefined}>
        {icon && <ListItemIcon sx={{ minWidth: 36 }}>{icon}</ListItemIcon>}
        <ListItemText primary={title} />
      </ListItemButton>
    </ListItem>
  );
}
