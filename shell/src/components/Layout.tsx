import DarkModeIcon from '@mui/icons-material/DarkMode';
import HomeIcon from '@mui/icons-material/HomeOutlined';
import LightModeIcon from '@mui/icons-material/LightMode';
import LockIcon from '@mui/icons-material/LockOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import MenuIcon from '@mui/icons-material/Menu';
import NotificationsIcon from '@mui/icons-material/NotificationsNone';
import SearchIcon from '@mui/icons-material/Search';
import StarIcon from '@mui/icons-material/Star';
import StarBorderIcon from '@mui/icons-material/StarBorder';
import HistoryIcon from '@mui/icons-material/History';
import TuneIcon from '@mui/icons-material/Tune';
import WidgetsIcon from '@mui/icons-material/WidgetsOutlined';
import {
  AppBar, Avatar, Badge, Box, Button, Chip, Divider, Drawer, EmptyState, IconButton, List, ListItemIcon, ListSubheader, Loading, type Me, Menu,
  MenuItem, navigate, Popover, type ThemeMode, Toolbar, Tooltip, Typography, linkProps, useAbility, useLocationPath, useMediaQuery, useTheme
} from '@workcloud/shared-ui/core';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { signOut } from '../api/auth';
import { LanguageSwitch } from './LanguageSwitch';
import { MenuLink, ModuleMenu } from './ModuleMenu';
import { buildMenu, flatMenu } from '../modules/menu';
import { moduleStore } from '../modules/registry';
import { recordVisit, star, unstar, pageTitle, useFavorites } from '../workplace/favorites';
import { HomePage } from '../pages/HomePage';
import { ModuleNotConnected, NotFound } from '../pages/NotConnected';
import { Logo } from './Logo';
import { NpsPrompt } from './NpsPrompt';
import { TrialBanner } from './TrialBanner';

const DRAWER = 264;
// Not on the first screen: loaded when the person opens it.
const SecurityPage = lazy(() => import('../pages/SecurityPage'));
const SearchDialog = lazy(() => import('./SearchDialog'));
const HistoryPage = lazy(() => import('../pages/HistoryPage'));
const DefaultsPage = lazy(() => import('../pages/DefaultsPage'));
/** How long a page has to show its heading before its visit is recorded with that title. */
const VISIT_DELAY_MS = 1500;

/** The workplace frame: top bar, side menu (a drawer on phones), and the page or module UI. */
export function Layout({ me, outlet, mode, onToggleMode }: { me: Me; outlet: HTMLElement; mode: ThemeMode; onToggleMode: () => void }) {
  const { t, i18n } = useTranslation('shell');
  const theme = useTheme();
  const desktop = useMediaQuery(theme.breakpoints.up('md'));
  const path = useLocationPath();
  const ability = useAbility();
  const states = useSyncExternalStore(moduleStore.subscribe, moduleStore.getSnapshot);
  const groups = useMemo(() => buildMenu(me, states, ability, i18n.language), [me, states, ability, i18n.language]);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const [bellAnchor, setBellAnchor] = useState<HTMLElement | null>(null);
  const [userAnchor, setUserAnchor] = useState<HTMLElement | null>(null);
  const outletHost = useRef<HTMLDivElement>(null);

  // The module outlet is a plain DOM node owned by single-spa; React only gives it a place.
  useEffect(() => {
    outletHost.current?.appendChild(outlet);
  }, [outlet]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSearchOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => setDrawerOpen(false), [path]);
  const inCompany = !!me.tenant;
  const favorites = useFavorites(inCompany);
  const starred = favorites.some((f) => f.path === path);
  const starrable = inCompany && path !== '/' && path !== '/history';
  useEffect(() => {
    if (!starrable) return;
    const timer = setTimeout(() => recordVisit(path), VISIT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [path, starrable]);

  const moduleCode = /^\/m\/([^/]+)/.exec(path)?.[1];
  const current = moduleCode ? me.modules.find((m) => m.code === moduleCode) : undefined;
  let page: React.ReactNode = null;
  if (path === '/' || path === '') page = <HomePage me={me} groups={groups} />;
  else if (moduleCode && !current) page = <ModuleNotConnected code={moduleCode} />;
  else if (current && !current.remote) page = <EmptyState title={i18n.language === 'en' ? current.titleEn : current.title} text={t('moduleNoUi', { title: current.title })} />;
  else if (path === '/profile/security') page = <Suspense fallback={<Loading />}><SecurityPage /></Suspense>;
  else if (path === '/history' && inCompany) page = <Suspense fallback={<Loading />}><HistoryPage /></Suspense>;
  else if (path === '/profile/defaults' && inCompany) page = <Suspense fallback={<Loading />}><DefaultsPage me={me} /></Suspense>;
  else if (!moduleCode) page = <NotFound />;
  const moduleVisible = !!current?.remote;

  const logout = async () => {
    await signOut();
    window.location.assign('/login');
  };

  const menu = (
    <Box component="nav" aria-label={t('menu')} sx={{ overflow: 'auto', py: 1 }}>
      <List dense>
        <MenuLink path="/" selected={path === '/'} icon={<HomeIcon />} title={t('home')} />
        {inCompany && <MenuLink path="/history" selected={path === '/history'} icon={<HistoryIcon />} title={t('history')} />}
      </List>
      {favorites.length > 0 && (
        <List dense aria-label={t('favorites')} subheader={<ListSubheader sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>{t('favorites')}</ListSubheader>}>
          {favorites.map((f) => (
            <MenuLink key={f.path} path={f.path} selected={path === f.path} icon={<StarIcon fontSize="small" />} title={f.deleted ? `${f.title} (${t('favoriteDeleted')})` : f.title} />
          ))}
        </List>
      )}
      {groups
        .filter((g) => g.hasUi)
        .map((g) => (
          <ModuleMenu key={g.code} group={g} path={path} icon={<WidgetsIcon />} />
        ))}
    </Box>
  );

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh', bgcolor: 'background.default' }}>
      <a href="#main" className="wc-skip" style={{ position: 'absolute', left: -9999 }} onFocus={(e) => (e.currentTarget.style.left = '8px')} onBlur={(e) => (e.currentTarget.style.left = '-9999px')}>
        {t('skipToContent')}
      </a>
      <AppBar position="fixed" color="inherit" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider', zIndex: (th) => th.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: { xs: 0, sm: 1 }, px: { xs: 1, sm: 2 } }}>
          {!desktop && (
            <IconButton edge="start" aria-label={t('openMenu')} onClick={() => setDrawerOpen(true)}>
              <MenuIcon />
            </IconButton>
          )}
          <Box component="a" {...linkProps('/')} sx={{ color: 'inherit', textDecoration: 'none' }} aria-label={`WorkCloud — ${t('home')}`}>
            <Logo />
          </Box>
          {desktop && (me.tenant || me.isOwner) && <Chip size="small" variant="outlined" label={me.tenant?.name ?? t('owner')} sx={{ ml: 1, maxWidth: 260 }} />}
          <Box sx={{ flex: 1 }} />
          {desktop ? (
            <Button variant="outlined" color="inherit" startIcon={<SearchIcon />} onClick={() => setSearchOpen(true)} sx={{ color: 'text.secondary', borderColor: 'divider', minWidth: 240, justifyContent: 'flex-start' }} aria-keyshortcuts="Control+K">
              {t('quickSearch')}
              <Box component="kbd" sx={{ ml: 'auto', pl: 2, fontSize: 12 }}>
                {t('quickSearchShortcut')}
              </Box>
            </Button>
          ) : (
            <IconButton aria-label={t('quickSearch')} onClick={() => setSearchOpen(true)}>
              <SearchIcon />
            </IconButton>
          )}
          {starrable && (
            <Tooltip title={starred ? t('removeFavorite') : t('addFavorite')}>
              <IconButton aria-label={starred ? t('removeFavorite') : t('addFavorite')} aria-pressed={starred} onClick={() => (starred ? unstar(path) : star(path, pageTitle()))}>
                {starred ? <StarIcon color="warning" /> : <StarBorderIcon />}
              </IconButton>
            </Tooltip>
          )}
          <Tooltip title={mode === 'light' ? t('themeDark') : t('themeLight')}>
            <IconButton aria-label={mode === 'light' ? t('themeDark') : t('themeLight')} onClick={onToggleMode}>
              {mode === 'light' ? <DarkModeIcon /> : <LightModeIcon />}
            </IconButton>
          </Tooltip>
          <Tooltip title={t('notifications')}>
            <IconButton aria-label={t('notifications')} onClick={(e) => setBellAnchor(e.currentTarget)}>
              <Badge color="error" variant="dot" invisible>
                <NotificationsIcon />
              </Badge>
            </IconButton>
          </Tooltip>
          <Tooltip title={t('userMenu')}>
            {/* The spoken name contains the visible initials (WCAG 2.5.3). */}
            <IconButton aria-label={`${initials(me.user.fullName || me.user.email)} — ${t('userMenu')}`} onClick={(e) => setUserAnchor(e.currentTarget)} data-testid="user-menu">
              <Avatar sx={{ width: 32, height: 32, fontSize: 14, bgcolor: 'primary.main' }}>{initials(me.user.fullName || me.user.email)}</Avatar>
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>

      <Drawer
        variant={desktop ? 'permanent' : 'temporary'}
        open={desktop || drawerOpen}
        onClose={() => setDrawerOpen(false)}
        sx={{ width: desktop ? DRAWER : undefined, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box', borderRight: 1, borderColor: 'divider' } }}
      >
        <Toolbar />
        {menu}
      </Drawer>

      <Box component="main" id="main" tabIndex={-1} sx={{ flex: 1, minWidth: 0, p: { xs: 2, md: 3 }, outline: 'none' }}>
        <Toolbar />
        {me.tenant?.status === 'suspended' && (
          <Box role="status" sx={{ mb: 2, p: 1.5, borderRadius: 1, bgcolor: 'warning.main', color: 'warning.contrastText' }}>
            {t('suspended')}
          </Box>
        )}
        <TrialBanner me={me} />
        {page}
        <Box ref={outletHost} sx={{ display: moduleVisible ? 'block' : 'none' }} />
      </Box>

      {searchOpen && (
        <Suspense fallback={null}>
          <SearchDialog onClose={() => setSearchOpen(false)} entries={[{ path: '/', title: t('home') }, ...flatMenu(groups)]} inCompany={!!me.tenant} />
        </Suspense>
      )}
      <NpsPrompt me={me} />

      <Popover open={!!bellAnchor} anchorEl={bellAnchor} onClose={() => setBellAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }}>
        <Box sx={{ p: 2, width: 300 }}>
          <Typography variant="h3" gutterBottom>
            {t('notifications')}
          </Typography>
          <Typography color="text.secondary">{t('noNotifications')}</Typography>
        </Box>
      </Popover>

      <Menu anchorEl={userAnchor} open={!!userAnchor} onClose={() => setUserAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }}>
        <Box sx={{ px: 2, py: 1, maxWidth: 300 }}>
          <Typography sx={{ fontWeight: 600 }}>{me.user.fullName}</Typography>
          <Typography color="text.secondary" sx={{ fontSize: 14 }}>
            {me.user.email}
          </Typography>
          <Typography color="text.secondary" sx={{ fontSize: 13, mt: 0.5 }}>
            {me.isOwner ? t('owner') : `${t('roles')}: ${me.roles.map((r) => r.name).join(', ') || '—'}`}
          </Typography>
        </Box>
        <Divider />
        <Box sx={{ px: 2, py: 1, display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography sx={{ fontSize: 14 }}>{t('language')}</Typography>
          <LanguageSwitch />
        </Box>
        <Divider />
        <MenuItem
          onClick={() => {
            setUserAnchor(null);
            navigate('/profile/security');
          }}
        >
          <ListItemIcon>
            <LockIcon fontSize="small" />
          </ListItemIcon>
          {t('security')}
        </MenuItem>
        {inCompany && (
          <MenuItem
            onClick={() => {
              setUserAnchor(null);
              navigate('/profile/defaults');
            }}
          >
            <ListItemIcon>
              <TuneIcon fontSize="small" />
            </ListItemIcon>
            {t('myDefaults')}
          </MenuItem>
        )}
        <MenuItem onClick={logout}>
          <ListItemIcon>
            <LogoutIcon fontSize="small" />
          </ListItemIcon>
          {t('logout')}
        </MenuItem>
      </Menu>
    </Box>
  );
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');
}
