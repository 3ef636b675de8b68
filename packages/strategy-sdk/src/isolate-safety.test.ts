// index.ts is bundled into sandbox isolates, which have no Node APIs: nothing reachable from
// it may import a Node built-in or a package, and the Node-only dts module must stay a subpath.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    seen.set(file, specs);
    for (const s of specs) if (s.startsWith('.')) visit(resolve(dirname(file), s));
  };
  visit(entry);
  return seen;
}

describe('isolate safety of the package entry point', () => {
  it('imports only relative .ts modules, never node: built-ins, packages or dts.ts', () => {
    const graph = reachable(join(srcDir, 'index.ts'));
    expect(graph.size).toBeGreaterThan(5);
    for (const [file, specs] of graph) {
      for (const s of specs) {
        expect(s.startsWith('./') || s.startsWith('../'), `${file} imports ${s}`).toBe(true);
        expect(s.endsWith('.ts'), `${file} imports ${s}`).toBe(true);
      }
      expect(file.endsWith('dts.ts'), 'dts.ts must not be reachable from index.ts').toBe(false);
      const text = readFileSync(file, 'utf8');
      expect(/\b(process|require|Date\.now|Math\.random)\b/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')), `${file} uses a host or nondeterministic API`).toBe(false);
    }
  });
});
