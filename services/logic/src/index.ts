import { fileURLToPath } from 'node:url';
import { loadConfig, type ServiceDeps, type ServiceModule } from '@strata/platform';
import { logicConfigSchema, type LogicConfig } from './config.ts';
import { createLogicContext, type LogicContext } from './context.ts';
import { logicPlugin } from './app.ts';
import { startLogicWorkers } from './workers.ts';

export { logicConfigSchema, type LogicConfig } from './config.ts';
export type { LogicContext } from './context.ts';
export { runLocalBacktest } from './cli/local-backtest.ts';

export interface LogicModuleOptions {
  /** Logic settings; parsed from the process environment at init when omitted. */
  config?: LogicConfig;
}

/**
 * The logic service: strategies (sealed source, immutable versions), backtests and optimisations
 * as BullMQ jobs. One context per process is shared by the plugin and the workers.
 */
export function createLogicModule(options: LogicModuleOptions = {}): ServiceModule & { context(): LogicContext } {
  let ctx: LogicContext | undefined;
  const ensure = (deps: ServiceDeps) => (ctx ??= createLogicContext(deps, options.config ?? loadConfig(logicConfigSchema)));
  const context = () => {
    if (!ctx) throw new Error('logic module used before init');
    return ctx;
  };
  return {
    name: 'logic',
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    init(deps) {
      ensure(deps);
    },
    plugin: logicPlugin(context),
    startWorkers: (deps) => startLogicWorkers(ensure(deps)),
    // Three sample strategies and a queued backtest for the demo account (auth and data seed first).
    seedDemo: async (deps) => {
      const { seedLogicDemo } = await import('./demo/demo-seed.ts');
      return seedLogicDemo(ensure(deps));
    },
    context,
  };
}

export const logicModule: ServiceModule = createLogicModule();
export default logicModule;
