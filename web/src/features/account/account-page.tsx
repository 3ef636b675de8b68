import { useEffect, useState, type FormEvent } from 'react';
import type { ApiClient } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import type { ApiKey, ApiKeyCreated, User } from '../../api/types.ts';

const SCOPES = ['read', 'backtest', 'signals:write', 'trade'] as const;

/** Tier, quota usage and API keys (a new key's secret is shown once, right after creation). */
export function AccountPage({ client, user, onLogout }: { client: ApiClient; user: User | undefined; onLogout(): void }) {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [created, setCreated] = useState<ApiKeyCreated>();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read', 'backtest']);
  const [error, setError] = useState<string>();
  const reload = () => client.listApiKeys().then(setKeys, (e) => setError(describeError(e)));
  useEffect(() => { void reload(); }, [client]);

  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      setCreated(await client.createApiKey(name || 'API key', scopes));
      setName('');
      await reload();
    } catch (err) { setError(describeError(err)); }
  }

  return (
    <main className="account">
      <section className="card" aria-labelledby="acct-h">
        <h2 id="acct-h">Account</h2>
        {user ? (
          <dl className="kv">
            <div><dt>Email</dt><dd>{user.email}</dd></div>
            <div><dt>Tier</dt><dd><span className="badge">{user.tier}</span></dd></div>
            <div><dt>Role</dt><dd>{user.role}</dd></div>
          </dl>
        ) : <p className="muted">Loading…</p>}
        <button type="button" onClick={onLogout}>Log out</button>
      </section>
      <section className="card" aria-labelledby="quota-h">
        <h2 id="quota-h">Quota usage</h2>
        {user && Object.keys(user.quotas ?? {}).length === 0 && <p className="muted">No quotas apply to your tier.</p>}
        <ul className="quotas">
          {Object.entries(user?.quotas ?? {}).map(([k, q]) => {
            const used = typeof q === 'number' ? q : q.used;
            const limit = typeof q === 'number' ? null : q.limit;
            return (
              <li key={k}>
                <span>{k.replace(/([a-z])([A-Z])/g, '$1 $2')}</span>
                <span>{used}{limit !== null ? ` / ${limit}` : ' (unlimited)'}</span>
                {limit !== null && <progress max={limit} value={Math.min(used, limit)} aria-label={`${k} used`} />}
              </li>
            );
          })}
        </ul>
      </section>
      <section className="card" aria-labelledby="keys-h">
        <h2 id="keys-h">API keys</h2>
        {error && <p className="error" role="alert">{error}</p>}
        {created && (
          <div className="notice" role="status">
            <p>Copy this key now — it will not be shown again:</p>
            <code className="secret" data-testid="new-api-key">{created.key}</code>
            <button type="button" onClick={() => navigator.clipboard?.writeText(created.key)}>Copy</button>
            <button type="button" onClick={() => setCreated(undefined)}>Done</button>
          </div>
        )}
        <form onSubmit={create} className="row">
          <div className="field"><label htmlFor="key-name">Name</label><input id="key-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="CI bot" /></div>
          <fieldset className="scopes"><legend>Scopes</legend>
            {SCOPES.map((s) => (
              <label key={s}><input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> {s}</label>
            ))}
          </fieldset>
          <button type="submit" className="primary">Create key</button>
        </form>
        <table className="table" aria-label="API keys">
          <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Last used</th><th scope="col" /></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td><td><code>{k.prefix ? `${k.prefix}…` : '••••'}</code></td><td>{k.scopes.join(', ')}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
                <td><button type="button" onClick={() => confirm(`Revoke ${k.name}?`) && client.deleteApiKey(k.id).then(reload, (e) => setError(describeError(e)))}>Revoke</button></td>
              </tr>
            ))}
            {keys.length === 0 && <tr><td colSpan={5} className="muted">No API keys.</td></tr>}
          </tbody>
        </table>
      </section>
    </main>
  );
}
