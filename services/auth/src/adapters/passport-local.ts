import { Strategy as LocalStrategy } from 'passport-local';
import type { Strategy } from 'passport';

/**
 * Runs a passport strategy against a plain request object without express or sessions: passport's own
 * middleware does the same thing (a prototype-derived copy of the strategy with success/fail/error bound).
 */
export function authenticateWith<U>(strategy: Strategy, req: { body: unknown; query?: unknown; headers?: unknown }): Promise<U | null> {
  return new Promise((resolve, reject) => {
    const s = Object.create(strategy) as Strategy & {
      success(user: U): void; fail(): void; error(err: unknown): void; redirect(): void; pass(): void;
    };
    s.success = (user) => resolve(user);
    s.fail = () => resolve(null);
    s.error = (err) => reject(err);
    s.redirect = () => reject(new Error('unexpected redirect from a local strategy'));
    s.pass = () => resolve(null);
    (s.authenticate as (req: unknown, options: unknown) => void)({ query: {}, headers: {}, ...req }, { session: false });
  });
}

/** passport-local reading `email` and `password` from the JSON body; `verify` throws for bad credentials. */
export function localStrategy<U>(verify: (email: string, password: string) => Promise<U>): Strategy {
  return new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: false }, (email, password, done) => {
    verify(email, password).then((u) => done(null, u as Express.User), (err: unknown) => done(err));
  });
}
