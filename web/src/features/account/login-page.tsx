import { useEffect, useState, type FormEvent } from 'react';
import type { ApiClient } from '../../api/client.ts';
import { ApiError } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';

const PROVIDER_NAMES: Record<string, string> = { github: 'GitHub', google: 'Google', gitlab: 'GitLab', microsoft: 'Microsoft' };

/** Sign-up and login; OAuth buttons appear only for providers the server has configured. */
export function LoginPage({ client, reason, onLoggedIn }: { client: ApiClient; reason?: string; onLoggedIn(): void }) {
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string | undefined>(reason);
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<string[]>([]);

  useEffect(() => { client.providers().then(setProviders, () => setProviders([])); }, [client]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'signup') {
        const r = await client.signup(email, password);
        if ('verificationSent' in r) {
          // some deployments let unverified accounts in: try, and explain the mail only when refused
          try {
            await client.login(email, password);
          } catch (err) {
            if (err instanceof ApiError && err.code === 'EMAIL_NOT_VERIFIED') {
              setMode('login');
              setInfo(`We sent a verification link to ${email}. Follow it, then log in here.`);
              return;
            }
            throw err;
          }
        }
      } else {
        await client.login(email, password);
      }
      onLoggedIn();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{mode === 'signup' ? 'Create your Strata account' : 'Log in to Strata'}</h1>
        {info && <p className="notice" role="status">{info}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        {error && /verify your email/i.test(error) && email && (
          <button type="button" className="link" onClick={() => client.resendVerification(email).then(() => setInfo(`A new link is on its way to ${email}.`), (e) => setError(describeError(e)))}>
            Send the verification link again
          </button>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete={mode === 'signup' ? 'new-password' : 'current-password'} required minLength={8}
            value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Please wait…' : mode === 'signup' ? 'Sign up' : 'Log in'}</button>
        <button type="button" className="link" onClick={() => { setMode(mode === 'login' ? 'signup' : 'login'); setError(undefined); }}>
          {mode === 'login' ? 'New here? Create an account' : 'Already have an account? Log in'}
        </button>
        {providers.length > 0 && (
          <div className="oauth" aria-label="Other ways to log in">
            <span className="muted">or continue with</span>
            {providers.map((p) => <a key={p} className="button" href={client.oauthStartUrl(p)}>{PROVIDER_NAMES[p] ?? p}</a>)}
          </div>
        )}
      </form>
    </main>
  );
}
