import * as oidc from 'openid-client';
import { OperationalError, UnauthorizedError } from '@strata/platform';
import type { OAuthProviderConfig } from '../config.ts';

/** Identity asserted by an external provider after a completed authorization-code exchange. */
export interface OAuthProfile { provider: string; subject: string; email: string | null; emailVerified: boolean; name: string | null }

export interface PendingAuthorization { state: string; nonce: string; codeVerifier: string }

function githubMetadata(baseUrl = 'https://github.com') {
  return {
    issuer: baseUrl,
    authorization_endpoint: new URL('/login/oauth/authorize', baseUrl).toString(),
    token_endpoint: new URL('/login/oauth/access_token', baseUrl).toString(),
  };
}

/**
 * Authorization-code flow with PKCE (S256), state and (for OIDC) nonce, through openid-client. The provider's
 * configuration is discovered once and cached. `finish` validates state, code, ID token signature, issuer,
 * audience and nonce (openid-client does all of it) and returns the profile.
 */
export class OAuthClient {
  readonly provider: OAuthProviderConfig;
  private readonly redirectUri: string;
  private config: Promise<oidc.Configuration> | undefined;

  constructor(provider: OAuthProviderConfig, redirectUri: string) {
    this.provider = provider;
    this.redirectUri = redirectUri;
  }

  private configuration(): Promise<oidc.Configuration> {
    this.config ??= (async () => {
      const p = this.provider;
      const execute = p.allowInsecure ? [oidc.allowInsecureRequests] : [];
      if (p.kind === 'github') {
        const config = new oidc.Configuration(githubMetadata(p.baseUrl), p.clientId, p.clientSecret, oidc.ClientSecretPost(p.clientSecret));
        if (p.allowInsecure) oidc.allowInsecureRequests(config);
        return config;
      }
      if (!p.issuer) throw new Error(`OAuth provider "${p.id}" needs an issuer`);
      return oidc.discovery(new URL(p.issuer), p.clientId, p.clientSecret, oidc.ClientSecretPost(p.clientSecret), { execute });
    })().catch((err: unknown) => {
      this.config = undefined;
      throw new OperationalError('OAUTH_PROVIDER_UNAVAILABLE', `The sign-in provider "${this.provider.id}" could not be reached.`, err);
    });
    return this.config;
  }

  async start(): Promise<{ url: URL; pending: PendingAuthorization }> {
    const config = await this.configuration();
    const pending: PendingAuthorization = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: this.provider.scopes,
      state: pending.state,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (this.provider.kind === 'oidc') params.nonce = pending.nonce;
    return { url: oidc.buildAuthorizationUrl(config, params), pending };
  }

  async finish(currentUrl: URL, pending: PendingAuthorization): Promise<OAuthProfile> {
    const config = await this.configuration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        ...(this.provider.kind === 'oidc' ? { expectedNonce: pending.nonce, idTokenExpected: true } : {}),
      });
    } catch (err) {
      throw Object.assign(new UnauthorizedError('OAUTH_FAILED', `Sign-in with ${this.provider.id} failed: ${(err as Error).message}`), { cause: err });
    }
    if (this.provider.kind === 'github') return this.githubProfile(config, tokens.access_token);
    const claims = tokens.claims()!;
    // Providers may keep profile claims out of the ID token when an access token is issued; ask userinfo then.
    const info: Record<string, unknown> = typeof claims.email === 'string' ? claims : { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
    const email = typeof info.email === 'string' ? info.email : null;
    return { provider: this.provider.id, subject: claims.sub, email, emailVerified: email !== null && info.email_verified === true, name: typeof info.name === 'string' ? info.name : null };
  }

  // GitHub is plain OAuth2: identity from the REST API, verified email from /user/emails.
  private async githubProfile(config: oidc.Configuration, accessToken: string): Promise<OAuthProfile> {
    const get = async (path: string) => {
      const api = (this.provider.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
      const res = await oidc.fetchProtectedResource(config, accessToken, new URL(`${api}${path}`), 'GET', undefined, new Headers({ accept: 'application/vnd.github+json' }));
      if (!res.ok) throw new UnauthorizedError('OAUTH_FAILED', `GitHub answered ${res.status} for ${path}.`);
      return res.json();
    };
    const user = (await get('/user')) as { id: number; name?: string };
    const emails = (await get('/user/emails')) as { email: string; primary: boolean; verified: boolean }[];
    const primary = emails.find((e) => e.primary && e.verified) ?? null;
    return { provider: this.provider.id, subject: String(user.id), email: primary?.email ?? null, emailVerified: primary !== null, name: user.name ?? null };
  }
}
