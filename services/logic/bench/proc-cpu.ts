/**
 * CPU seconds used by a process and its descendants (Linux /proc), so benchmarks can report the
 * cost of work independently of how busy the shared machine is. Exited children that were waited
 * for are included through cutime/cstime; 0 where /proc is missing.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

function stat(pid: number): { ppid: number; self: number; reaped: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    return { ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) / TICKS, reaped: (Number(f[13]) + Number(f[14])) / TICKS };
  } catch {
    return null;
  }
}

/** CPU seconds of the process alone (its threads, without children). */
export function selfCpuSeconds(pid: number): number {
  return stat(pid)?.self ?? 0;
}

export function treeCpuSeconds(root: number): number {
  const byParent = new Map<number, number[]>();
  let pids: number[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return 0;
  }
  const stats = new Map<number, NonNullable<ReturnType<typeof stat>>>();
  for (const p of pids) {
    const s = stat(p);
    if (!s) continue;
    stats.set(p, s);
    byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), p]);
  }
  let total = 0;
  const walk = (p: number) => {
    const s = stats.get(p);
    if (!s) return;
    total += s.self + s.reaped;
    for (const c of byParent.get(p) ?? []) walk(c);
  };
  walk(root);
  return total;
}
