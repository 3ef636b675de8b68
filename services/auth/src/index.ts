import { fileURLToPath } from 'node:url';
import { Keyring, createQuotas, loadConfig, type ServiceDeps, type ServiceModule } from '@strata/platform';
import { authConfigSchema, type AuthConfig } from './config.ts';
import type { AuthContext } from './context.ts';
import { createSmtpMailer, type MailPort } from './adapters/mail.ts';
import { apiKeyResolver } from './domain/api-keys.ts';
import { authPlugin } from './app.ts';

export { authConfigSchema, type AuthConfig } from './config.ts';
export type { MailPort, MailMessage } from './adapters/mail.ts';
export { decryptExchangeCredential, rotateVaultKey, type ExchangeCredential, type CredentialView } from './domain/vault.ts';
export type { AuthContext } from './context.ts';

export interface AuthModuleOptions {
  /** Auth settings; parsed from the process environment at init when omitted. */
  config?: AuthConfig;
  /** Outgoing mail; SMTP to config.SMTP_URL when omitted. */
  mail?: MailPort;
}

/**
 * The auth service: accounts, sessions, API keys (registered as a principal resolver), tiers, the vault.
 * `context()` exposes the built context after init, e.g. for the trading service's decryptExchangeCredential.
 */
export function createAuthModule(options: AuthModuleOptions = {}): ServiceModule & { context(): AuthContext } {
  let ctx: AuthContext | undefined;
  const context = () => {
    if (!ctx) throw new Error('auth module used before init');
    return ctx;
  };
  return {
    name: 'auth',
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    init(deps: ServiceDeps) {
      const config = options.config ?? loadConfig(authConfigSchema);
      const prefix = `${deps.keyPrefix}:`;
      ctx = {
        platform: deps.config,
        config,
        db: deps.db,
        redis: deps.redis,
        prefix,
        log: deps.log,
        mail: options.mail ?? createSmtpMailer(config.SMTP_URL, config.MAIL_FROM),
        vaultKeys: new Keyring(config.VAULT_KEYS),
        quotas: createQuotas(deps.redis, { prefix }),
      };
      deps.principalResolvers.push(apiKeyResolver(ctx));
    },
    plugin: authPlugin(context),
    context,
  };
}

export const authModule: ServiceModule = createAuthModule();
export default authModule;
