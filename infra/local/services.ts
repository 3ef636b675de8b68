import type { ServiceModule } from '@strata/platform';

/**
 * The services `npm start` composes behind one gateway, in migration and start order. Each
 * package's default export (or any export shaped like one) is its ServiceModule. Adding a service
 * means adding its package name here; running one service alone is `STRATA_SERVICES=<name>`.
 */
export const SERVICE_PACKAGES = {
  auth: '@strata/svc-auth',
  data: '@strata/svc-data',
  logic: '@strata/svc-logic',
  trading: '@strata/svc-trading',
  notify: '@strata/svc-notify',
} as const;

export type ServiceKey = keyof typeof SERVICE_PACKAGES;

function isServiceModule(value: unknown, name: string): value is ServiceModule {
  const m = value as Partial<ServiceModule> | null;
  return typeof m === 'object' && m !== null && m.name === name && typeof m.plugin === 'function' && typeof m.migrationsDir === 'string';
}

/** Loads the named services (default: all); fails naming the package that could not be loaded. */
export async function loadServiceModules(only?: string[]): Promise<ServiceModule[]> {
  const names = (only && only.length > 0 ? only : Object.keys(SERVICE_PACKAGES)) as string[];
  const unknown = names.filter((n) => !(n in SERVICE_PACKAGES));
  if (unknown.length > 0) throw new Error(`unknown service ${unknown.join(', ')}; expected some of ${Object.keys(SERVICE_PACKAGES).join(', ')}`);
  const modules: ServiceModule[] = [];
  for (const name of names) {
    const pkg = SERVICE_PACKAGES[name as ServiceKey];
    let exported: Record<string, unknown>;
    try {
      exported = (await import(pkg)) as Record<string, unknown>;
    } catch (cause) {
      throw new Error(`service ${name} (${pkg}) could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    const found = [exported.default, ...Object.values(exported)].find((v) => isServiceModule(v, name));
    if (!found) throw new Error(`service ${name} (${pkg}) exports no ServiceModule named "${name}"`);
    modules.push(found);
  }
  return modules;
}
