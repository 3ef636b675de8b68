import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GithubUser { id: number; name: string; emails: { email: string; primary: boolean; verified: boolean }[] }

/**
 * A stand-in for GitHub's OAuth2 endpoints (authorize, access_token with PKCE check) and the two REST calls
 * the provider adapter makes (/user, /user/emails), served at `${url}` and `${url}/api`.
 */
export class FakeGithub {
  url = '';
  /** The user the next authorization signs in as. */
  user: GithubUser = { id: 1, name: 'Octo', emails: [] };
  private server!: Server;
  private readonly codes = new Map<string, { challenge: string; redirectUri: string; user: GithubUser }>();
  private readonly tokens = new Map<string, GithubUser>();

  async start(clientId: string, clientSecret: string): Promise<this> {
    this.server = createServer(async (req, res) => {
      const url = new URL(req.url!, this.url);
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
        if (url.searchParams.get('client_id') !== clientId || url.searchParams.get('code_challenge_method') !== 'S256') return json(400, { error: 'bad_request' });
        const code = randomBytes(10).toString('hex');
        const redirectUri = url.searchParams.get('redirect_uri')!;
        this.codes.set(code, { challenge: url.searchParams.get('code_challenge')!, redirectUri, user: this.user });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state')!);
        return res.writeHead(302, { location: back.toString() }).end();
      }
      if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const form = new URLSearchParams(body);
        const grant = this.codes.get(form.get('code') ?? '');
        this.codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const ok = grant && form.get('client_id') === clientId && form.get('client_secret') === clientSecret && form.get('redirect_uri') === grant.redirectUri
          && createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
        if (!ok) return json(400, { error: 'bad_verification_code' });
        const token = randomBytes(16).toString('hex');
        this.tokens.set(token, grant.user);
        return json(200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
      }
      const user = this.tokens.get(String(req.headers.authorization ?? '').replace(/^Bearer /i, ''));
      if (!user) return json(401, { message: 'Bad credentials' });
      if (url.pathname === '/api/user') return json(200, { id: user.id, login: `u${user.id}`, name: user.name });
      if (url.pathname === '/api/user/emails') return json(200, user.emails);
      return json(404, { message: 'Not Found' });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
