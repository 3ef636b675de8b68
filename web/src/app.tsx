import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient, ApiError, localStorageTokenStore } from './api/client.ts';
import { CLIENT_CODES, describeError } from './api/errors.ts';
import type { User } from './api/types.ts';
import { ErrorBanner, type BannerState } from './components/error-banner.tsx';
import { AccountPage } from './features/account/account-page.tsx';
import { LoginPage } from './features/account/login-page.tsx';
import { IdePage } from './features/editor/ide-page.tsx';

type Route = 'ide' | 'account';
const routeFromHash = (): Route => (location.hash.startsWith('#/account') ? 'account' : 'ide');

/**
 * Links that land on the app from outside: `/oauth/complete?code=` (after an OAuth login) and
 * `/verify-email?token=` (from the verification mail). Returns a message for the login page.
 */
async function handleLandingLinks(client: ApiClient): Promise<string | undefined> {
  const q = new URLSearchParams(location.search);
  const path = location.pathname;
  if (path !== '/oauth/complete' && path !== '/verify-email') return undefined;
  history.replaceState(null, '', '/');
  try {
    if (path === '/oauth/complete' && q.get('code')) {
      await client.exchangeOAuthCode(q.get('code')!);
      return undefined;
    }
    if (path === '/verify-email' && q.get('token')) {
      await client.verifyEmail(q.get('token')!);
      return 'Your email address is verified. Log in to start.';
    }
  } catch (err) {
    return describeError(err);
  }
  return undefined;
}

export function App() {
  const [expired, setExpired] = useState<string>();
  const client = useMemo(() => {
    return new ApiClient({ tokens: localStorageTokenStore(), onSessionExpired: () => setExpired('Your session has expired. Log in again — your unsaved code is kept.') });
  }, []);
  useEffect(() => {
    void handleLandingLinks(client).then((message) => {
      if (message) setExpired(message);
      setLoggedIn(client.isLoggedIn);
    });
  }, [client]);
  const [loggedIn, setLoggedIn] = useState(client.isLoggedIn);
  const [user, setUser] = useState<User>();
  const [route, setRoute] = useState<Route>(routeFromHash);
  const [banner, setBanner] = useState<BannerState>();

  useEffect(() => {
    const on = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useEffect(() => { if (expired) setLoggedIn(false); }, [expired]);

  const onError = useCallback((message: string | undefined, err?: unknown) => {
    if (!message) return setBanner(undefined);
    if (err instanceof ApiError && err.code === CLIENT_CODES.sessionExpired) return; // handled by the login redirect
    const kind = err instanceof ApiError && err.code === CLIENT_CODES.unreachable ? 'offline' : err instanceof ApiError && err.status === 429 ? 'quota' : 'error';
    setBanner({ message, kind });
  }, []);

  const loadUser = useCallback(() => client.me().then(setUser, (e) => onError(describeError(e), e)), [client, onError]);
  useEffect(() => { if (loggedIn) void loadUser(); }, [loggedIn, loadUser]);

  if (!loggedIn) {
    return (
      <>
        <ErrorBanner banner={banner} onDismiss={() => setBanner(undefined)} />
        <LoginPage key={expired ?? ''} client={client} reason={expired} onLoggedIn={() => { setExpired(undefined); setBanner(undefined); setLoggedIn(true); }} />
      </>
    );
  }
  return (
    <div className="app">
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <span className="brand">◆ Strata</span>
        <nav aria-label="Main">
          <a href="#/" aria-current={route === 'ide' ? 'page' : undefined}>Strategy IDE</a>
          <a href="#/account" aria-current={route === 'account' ? 'page' : undefined}>Account</a>
        </nav>
        <span className="user muted">{user ? `${user.email} · ${user.tier}` : ''}</span>
      </header>
      <ErrorBanner banner={banner} onDismiss={() => setBanner(undefined)}
        onRetry={banner?.kind === 'offline' ? () => { setBanner(undefined); void loadUser(); } : undefined} />
      <div id="main" className="main">
        {route === 'ide'
          ? <IdePage client={client} onError={onError} />
          : <AccountPage client={client} user={user} onLogout={() => client.logout().finally(() => setLoggedIn(false))} />}
      </div>
    </div>
  );
}
