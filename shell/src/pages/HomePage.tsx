import {
  Box, Button, Card, CardActions, CardContent, Chip, Link, List, ListItem, type Me, type MeWidget, type ModuleWidget, PageHeader, Typography, linkProps,
  useAbility
} from '@workcloud/shared-ui/core';
import { Component, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { InvitationsCard } from '../components/InvitationsCard';
import type { MenuGroup } from '../modules/menu';
import { moduleStore } from '../modules/registry';
import { useFavorites } from '../workplace/favorites';

/** Home: a greeting, the company's modules, and widgets the modules contribute (export `widgets`). */
export function HomePage({ me, groups }: { me: Me; groups: MenuGroup[] }) {
  const { t, i18n } = useTranslation('shell');
  const ability = useAbility();
  const states = useSyncExternalStore(moduleStore.subscribe, moduleStore.getSnapshot);
  const widgets: ModuleWidget[] = states.flatMap((s) => declaredOrder(s.widgets, me.modules.find((m) => m.code === s.code)?.widgets)).filter((w) => !w.can || ability.can(w.can[0], w.can[1]));
  return (
    <Box>
      <PageHeader title={t('welcome', { name: me.user.fullName || me.user.email })} subtitle={me.isOwner ? t('welcomeOwner') : t('welcomeText', { tenant: me.tenant?.name ?? '' })} />
      <InvitationsCard />
      {me.tenant && <FavoritesCard />}
      {widgets.length > 0 && (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: 'repeat(2, minmax(0, 1fr))', lg: 'repeat(3, minmax(0, 1fr))' }, mb: 3 }}>
          {widgets.map((w) => (
            <Card key={w.id} variant="outlined">
              <CardContent>
                <Typography variant="h3" component="h2" gutterBottom>
                  {i18n.language === 'en' ? (w.titleEn ?? w.title) : w.title}
                </Typography>
                <WidgetBoundary>
                  <w.Component />
                </WidgetBoundary>
              </CardContent>
            </Card>
          ))}
        </Box>
      )}
      <Typography variant="h2" component="h2" sx={{ mb: 1.5 }}>
        {t('yourModules')}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: 'repeat(2, minmax(0, 1fr))', lg: 'repeat(3, minmax(0, 1fr))' } }}>
        {groups.map((g) => (
          <Card key={g.code} variant="outlined" sx={{ display: 'flex', flexDirection: 'column' }}>
            <CardContent sx={{ flex: 1 }}>
              <Typography variant="h3" component="h3">
                {g.title}
              </Typography>
              {me.modules.find((m) => m.code === g.code)?.readOnly && <Chip size="small" variant="outlined" label={t('moduleReadOnly')} sx={{ mt: 0.5 }} />}
              <Typography color="text.secondary" sx={{ fontSize: 14, mt: 0.5 }}>
                {g.items.map((i) => i.title).join(' · ') || (g.hasUi ? '' : t('moduleNoUi', { title: g.title }))}
              </Typography>
            </CardContent>
            {g.hasUi && (
              <CardActions>
                <Button size="small" {...linkProps(g.items[0]?.path ?? g.path)}>
                  {t('open')}
                </Button>
              </CardActions>
            )}
          </Card>
        ))}
      </Box>
    </Box>
  );
}

/** «Избранное» on the home page: the pages the person starred, or how to star one. */
function FavoritesCard() {
  const { t } = useTranslation('shell');
  const favorites = useFavorites(true);
  return (
    <Card variant="outlined" sx={{ mb: 3 }}>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>
          {t('favorites')}
        </Typography>
        {favorites.length === 0 ? (
          <Typography color="text.secondary">{t('favoritesEmpty')}</Typography>
        ) : (
          <List dense disablePadding aria-label={t('favorites')}>
            {favorites.map((f) => (
              <ListItem key={f.path} disableGutters>
                <Link {...linkProps(f.path)}>{f.title}</Link>
                {f.deleted && <Chip size="small" variant="outlined" label={t('favoriteDeleted')} sx={{ ml: 1 }} />}
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
}

/**
 * A module's cards in the order its definition declares them (`widgets` of /api/me, matched by id);
 * cards the UI exports but the module does not declare come after.
 */
function declaredOrder(exported: ModuleWidget[], declared: MeWidget[] = []): ModuleWidget[] {
  const rank = (w: ModuleWidget) => {
    const i = declared.findIndex((d) => d.code === w.id);
    return i < 0 ? declared.length : i;
  };
  return [...exported].sort((a, b) => rank(a) - rank(b));
}

/** A widget that throws must not take the dashboard down. */
class WidgetBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? <Typography color="error">—</Typography> : this.props.children;
  }
}
