import {
  AbilityContextProvider, Box, ErrorState, Loading, SESSION_EXPIRED_EVENT, type Theme, type ThemeMode,
  buildAbility, navigate, restoreSession, useMeQuery
} from '@workcloud/shared-ui/core';
import type { EnhancedStore } from '@reduxjs/toolkit';
import type { i18n as I18n } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Layout } from './components/Layout';
import { LoginPage } from './pages/LoginPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { registerModules } from './modules/registry';

export interface AppProps {
  store: EnhancedStore;
  i18n: I18n;
  mode: ThemeMode;
  onToggleMode: () => void;
  getTheme: () => Theme;
  subscribeTheme: (l: () => void) => () => void;
}

/** Signed out → sign-in page; signed in → the workplace built from /api/me. */
export function App(props: AppProps) {
  // Unknown until the refresh cookie is tried: the access token lives only in memory, so a reload starts without it.
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    void restoreSession().then(setSignedIn);
  }, []);
  useEffect(() => {
    const onExpired = () => {
      setSignedIn(false);
      setExpired(true);
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, []);

  // The e-mailed password link works whether or not someone is signed in on this browser.
  if (window.location.pathname === '/reset-password') return <ResetPasswordPage onDone={() => window.location.assign('/login')} />;
  if (signedIn === null) return <Loading />;
  if (!signedIn) {
    return (
      <LoginPage
        expired={expired}
        onSignedIn={() => {
          // A fresh page load: modules are registered for exactly this user and company.
          const back = window.location.pathname.startsWith('/login') ? '/' : window.location.pathname + window.location.search;
          window.location.assign(back);
        }}
      />
    );
  }
  return <Workspace {...props} />;
}

function Workspace(props: AppProps) {
  const { data: me, error, isLoading, refetch } = useMeQuery();
  const ability = useMemo(() => buildAbility([]), []);
  const outlet = useMemo(() => {
    const el = document.createElement('div');
    el.id = 'wc-module-outlet';
    return el;
  }, []);
  const registered = useRef(false);

  useEffect(() => {
    if (!me) return;
    // Same ability object for the page's lifetime: CASL notifies <Can> when the rules change.
    ability.update(buildAbility(me.rules).rules);
    if (window.location.pathname.startsWith('/login')) navigate('/', true);
    if (!registered.current) {
      registered.current = true;
      registerModules({ store: props.store, i18n: props.i18n, ability, me, getTheme: props.getTheme, subscribe: props.subscribeTheme, outlet });
    }
  }, [me, ability, outlet, props]);

  if (isLoading) return <Loading />;
  if (error || !me)
    return (
      <Box sx={{ p: 3 }}>
        <ErrorState error={error} onRetry={refetch} />
      </Box>
    );
  return (
    <AbilityContextProvider ability={ability}>
      <Layout me={me} outlet={outlet} mode={props.mode} onToggleMode={props.onToggleMode} />
    </AbilityContextProvider>
  );
}
