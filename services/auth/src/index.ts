import { fileURLToPath } from 'node:url';
import { Keyring, createQuotas, loadConfig, type ServiceDeps, type ServiceModule } from '@strata/platform';
import { authConfigSchema, type AuthConfig } from './config.ts';
import type { AuthContext } from './context.ts';
import { createSmtpMailer, type MailPort } from './adapters/mail.ts';
import { apiKeyResolver } from './domain/api-keys.ts';
import { authPlugin } from './app.ts';
import { seedDemoAccount } from './domain/demo-seed.ts';

export { authConfigSchema, type AuthConfig } from './config.ts';
export type { MailPort, MailMessage } from './adapters/mail.ts';
export { createExchangeCredentialReader, decryptExchangeCredential, rotateVaultKey, type ExchangeCredential, type CredentialView, type RotationResult } from './domain/vault.ts';
export type { AuthContext } from './context.ts';
export { DEMO_EMAIL } from './domain/demo-seed.ts';

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
  const registered = new WeakSet<object>();
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
      // init may run more than once per process (api + worker roles); one resolver is enough.
      if (!registered.has(deps.principalResolvers)) {
        registered.add(deps.principalResolvers);
        deps.principalResolvers.push(apiKeyResolver(context));
      }
    },
    plugin: authPlugin(context),
    // infra/local/seed.ts reads the resolved { login, summary }; ServiceModule types it as void for now.
    seedDemo: ((deps: ServiceDeps) => seedDemoAccount(deps, (options.config ?? ctx?.config ?? loadConfig(authConfigSchema)).SCRYPT_COST)) as unknown as ServiceModule['seedDemo'],
    context,
  };
}

export const authModule: ServiceModule = createAuthModule();
export default authModule;
