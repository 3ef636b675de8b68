import { createServer } from 'node:net';
import { EmbeddedServerError } from './errors.ts';

/**
 * Fails with PORT_IN_USE before a server is spawned, so the user gets one line naming the port and
 * the setting that moves it, rather than a server log buried in a data folder.
 */
export async function assertPortFree(host: string, port: number, what: string, hint: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new EmbeddedServerError('PORT_IN_USE', `${what} cannot start: port ${port} on ${host} is already in use; ${hint}`));
      } else {
        reject(new EmbeddedServerError('SERVER_START_FAILED', `${what} cannot start: port ${port} on ${host} is not usable (${err.code ?? err.message}); ${hint}`));
      }
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** `port` itself, or for 0 a port the kernel says is free now (servers here cannot report theirs). */
export async function choosePort(host: string, port: number): Promise<number> {
  if (port !== 0) return port;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host, port: 0 }, resolve);
  });
  const chosen = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return chosen;
}
