import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, memoryTokenStore } from '../../api/client.ts';
import { AccountPage } from './account-page.tsx';
import { LoginPage } from './login-page.tsx';

/** A small real auth server: providers, login that rejects one password, and API keys. */
let server: Server;
let base: string;
const keys: { id: string; name: string; scopes: string[]; createdAt: string; prefix: string }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    const send = (s: number, d: unknown) => { res.writeHead(s, { 'content-type': 'application/json' }); res.end(JSON.stringify(d)); };
    const route = `${req.method} ${req.url}`;
    if (route === 'GET /api/v1/auth/providers') return send(200, ['github']);
    if (route === 'POST /api/v1/auth/login') {
      const { password } = JSON.parse(body) as { password: string };
      return password === 'right-password'
        ? send(200, { accessToken: 'a', refreshToken: 'r', user: { id: 'u' } })
        : send(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong' } });
    }
    if (route === 'GET /api/v1/auth/api-keys') return send(200, keys);
    if (route === 'POST /api/v1/auth/api-keys') {
      const { name, scopes } = JSON.parse(body) as { name: string; scopes: string[] };
      const k = { id: `k${keys.length + 1}`, name, scopes, createdAt: new Date(0).toISOString(), prefix: 'stk_ab' };
      keys.push(k);
      return send(201, { ...k, key: 'stk_ab_secret_value' });
    }
    send(404, { error: { code: 'NOT_FOUND', message: route } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('LoginPage', () => {
  it('shows OAuth buttons for the configured providers only, linking to their start URL', async () => {
    render(<LoginPage client={new ApiClient({ baseUrl: base })} onLoggedIn={() => undefined} />);
    const link = await screen.findByRole('link', { name: 'GitHub' });
    expect(link.getAttribute('href')).toBe(`${base}/api/v1/auth/oauth/github/start`);
    expect(screen.queryByRole('link', { name: 'Google' })).toBeNull();
  });

  it('shows the server message on a wrong password and logs in with the right one', async () => {
    const tokens = memoryTokenStore();
    let loggedIn = 0;
    render(<LoginPage client={new ApiClient({ baseUrl: base, tokens })} onLoggedIn={() => loggedIn++} />);
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'a@b.c' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Email or password is wrong');
    expect(loggedIn).toBe(0);
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(loggedIn).toBe(1));
    expect(tokens.get()?.accessToken).toBe('a');
  });
});

describe('AccountPage', () => {
  it('shows tier and quota usage, and a new API key once', async () => {
    const user = { id: 'u', email: 'a@b.c', role: 'user' as const, tier: 'premium' as const, quotas: { backtestsPerDay: { used: 7, limit: 100 }, strategies: { used: 3, limit: null } } };
    render(<AccountPage client={new ApiClient({ baseUrl: base, tokens: memoryTokenStore({ accessToken: 'a', refreshToken: 'r' }) })} user={user} onLogout={() => undefined} />);
    expect(screen.getByText('premium')).toBeTruthy();
    expect(screen.getByText('7 / 100')).toBeTruthy();
    expect(screen.getByText('3 (unlimited)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'CI bot' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect((await screen.findByTestId('new-api-key')).textContent).toBe('stk_ab_secret_value');
    await screen.findByText('CI bot');
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('new-api-key')).toBeNull();
    expect(screen.queryByText(/secret_value/)).toBeNull();
  });
});
