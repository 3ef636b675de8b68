import { fork } from 'node:child_process';
if (process.argv[2] === 'child') {
  process.on('message', (m: any) => { process.send!({ n: m.buf.length, t: Date.now() }); });
} else {
  const c = fork(new URL(import.meta.url).pathname, ['child'], { serialization: 'advanced' });
  const buf = new Float64Array(6_000_000); for (let i = 0; i < buf.length; i++) buf[i] = i;
  for (let k = 0; k < 3; k++) {
    const t0 = Date.now();
    await new Promise<void>((r) => { c.once('message', (m: any) => { console.log('ipc', m.n, Date.now() - t0, 'ms'); r(); }); c.send({ buf }); });
  }
  c.kill();
}
