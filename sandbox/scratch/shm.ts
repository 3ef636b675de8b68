import { writeFileSync, readFileSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
const buf = new Float64Array(6_000_000); for (let i = 0; i < buf.length; i++) buf[i] = i;
for (let k = 0; k < 3; k++) {
  let t0 = performance.now();
  writeFileSync('/dev/shm/strata-test.bin', new Uint8Array(buf.buffer));
  const w = performance.now() - t0; t0 = performance.now();
  const fd = openSync('/dev/shm/strata-test.bin', 'r'); const size = fstatSync(fd).size;
  const ab = new ArrayBuffer(size); readSync(fd, new Uint8Array(ab), 0, size, 0); closeSync(fd);
  console.log('write', w.toFixed(1), 'read', (performance.now() - t0).toFixed(1));
}
