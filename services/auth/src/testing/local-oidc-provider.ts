import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface LocalAccount { email: string; emailVerified: boolean; name?: string }

/**
 * A real OpenID Provider (oidc-provider) on a loopback port with its development login/consent pages, for
 * end-to-end tests of the authorization-code flow. The login page accepts any account id; `accounts` maps
 * ids to the claims the provider asserts.
 */
export class LocalOidcProvider {
  readonly accounts = new Map<string, LocalAccount>();
  issuer = '';
  private server!: Server;

  async start(client: { clientId: string; clientSecret: string; redirectUri: string }): Promise<this> {
    this.server = createServer();
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    const accounts = this.accounts;
    const provider = new Provider(this.issuer, {
      clients: [{
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      pkce: { required: () => true },
      cookies: { keys: ['local-test-cookie-key-0123456789'] },
      async findAccount(_ctx: unknown, id: string) {
        const a = accounts.get(id);
        if (!a) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, email: a.email, email_verified: a.emailVerified, name: a.name }) };
      },
    });
    this.server.on('request', provider.callback());
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A browser stand-in: follows redirects on the provider, keeping its cookies, until it leaves the provider. */
export class ProviderBrowser {
  private readonly cookies = new Map<string, string>();
  private readonly origin: string;

  constructor(issuer: string) {
    this.origin = new URL(issuer).origin;
  }

  private async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }

  /**
   * Starting at `url`, follows redirects within the provider, signing in as `login` and granting consent on
   * the development pages. Returns the first redirect that points outside the provider (the client's callback).
   */
  async authorize(url: string, login: string): Promise<URL> {
    let next = url;
    for (let hop = 0; hop < 20; hop++) {
      const res = await this.request(next);
      if (res.status >= 300 && res.status < 400) {
        const loc = new URL(res.headers.get('location')!, next);
        if (loc.origin !== this.origin) return loc;
        next = loc.toString();
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action || !prompt) throw new Error(`unexpected provider page ${res.status}: ${html.slice(0, 300)}`);
      const form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login, password: 'any' } : {}) });
      const post = await this.request(new URL(action, next).toString(), { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      if (post.status < 300 || post.status >= 400) throw new Error(`form post answered ${post.status}: ${(await post.text()).slice(0, 300)}`);
      next = new URL(post.headers.get('location')!, next).toString();
    }
    throw new Error('too many redirects at the provider');
  }
}
