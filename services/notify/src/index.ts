import { fileURLToPath } from 'node:url';
import type { ServiceModule } from '@strata/platform';
import { notificationRoutes } from './routes/notifications.routes.ts';
import { startDispatcher } from './domain/dispatcher.ts';

/** services/notify: in-app inbox (REST + WebSocket) and signed webhooks, fed by the notifications stream. */
export const notifyModule: ServiceModule = {
  name: 'notify',
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  plugin: notificationRoutes,
  startWorkers: async (deps) => startDispatcher(deps),
};

export default notifyModule;
export { startDispatcher, userChannel } from './domain/dispatcher.ts';
export { signBody } from './domain/webhooks.ts';
