/**
 * Optimisation objectives: a named metric (`sharpe`, `totalReturn`, `calmar`, ...) or a small
 * arithmetic expression over metric names, e.g. `sharpe * 0.5 + totalReturn - abs(maxDrawdown)`.
 * Parsed here by a recursive-descent parser into an AST and evaluated against a metrics record;
 * user text is never handed to `eval` or `Function`.
 *
 * Grammar: expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ;
 *          unary := '-' unary | atom ; atom := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 */
type Node =
  | { k: 'num'; v: number }
  | { k: 'var'; name: string }
  | { k: 'neg'; a: Node }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: Node; b: Node }
  | { k: 'call'; fn: string; args: Node[] };

const FUNCTIONS: Record<string, { arity: [number, number]; f: (...xs: number[]) => number }> = {
  abs: { arity: [1, 1], f: Math.abs },
  sqrt: { arity: [1, 1], f: Math.sqrt },
  log: { arity: [1, 1], f: Math.log },
  min: { arity: [2, 8], f: Math.min },
  max: { arity: [2, 8], f: Math.max },
};

export class ObjectiveSyntaxError extends Error {
  readonly code = 'OBJECTIVE_INVALID';
  constructor(message: string, position: number) {
    super(`${message} at character ${position + 1}`);
    this.name = 'ObjectiveSyntaxError';
  }
}

interface Token { t: 'num' | 'name' | 'op'; v: string; at: number }

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) { out.push({ t: 'num', v: num[0], at: i }); i += num[0].length; continue; }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) { out.push({ t: 'name', v: name[0], at: i }); i += name[0].length; continue; }
    if ('+-*/(),'.includes(c)) { out.push({ t: 'op', v: c, at: i }); i++; continue; }
    throw new ObjectiveSyntaxError(`unexpected character "${c}"`, i);
  }
  return out;
}

export interface Objective {
  readonly text: string;
  /** Metric names the expression reads. */
  readonly names: readonly string[];
  /** Higher is better; a missing or non-finite result scores -Infinity so it ranks last. */
  evaluate(metrics: Record<string, unknown>): number;
}

export function parseObjective(text: string): Objective {
  if (text.length > 500) throw new ObjectiveSyntaxError('expression is longer than 500 characters', 500);
  const tokens = tokenize(text);
  let p = 0;
  const names = new Set<string>();
  const peek = () => tokens[p];
  const expectOp = (v: string) => {
    const t = tokens[p];
    if (!t || t.t !== 'op' || t.v !== v) throw new ObjectiveSyntaxError(`expected "${v}"`, t ? t.at : text.length);
    p++;
  };
  const expr = (depth: number): Node => {
    if (depth > 50) throw new ObjectiveSyntaxError('expression is nested too deeply', peek()?.at ?? text.length);
    let a = term(depth);
    for (let t = peek(); t && t.t === 'op' && (t.v === '+' || t.v === '-'); t = peek()) { p++; a = { k: 'bin', op: t.v, a, b: term(depth) }; }
    return a;
  };
  const term = (depth: number): Node => {
    let a = unary(depth);
    for (let t = peek(); t && t.t === 'op' && (t.v === '*' || t.v === '/'); t = peek()) { p++; a = { k: 'bin', op: t.v, a, b: unary(depth) }; }
    return a;
  };
  const unary = (depth: number): Node => {
    const t = peek();
    if (t && t.t === 'op' && t.v === '-') { p++; return { k: 'neg', a: unary(depth + 1) }; }
    return atom(depth);
  };
  const atom = (depth: number): Node => {
    const t = peek();
    if (!t) throw new ObjectiveSyntaxError('expression ended early', text.length);
    p++;
    if (t.t === 'num') return { k: 'num', v: Number(t.v) };
    if (t.t === 'op' && t.v === '(') { const inner = expr(depth + 1); expectOp(')'); return inner; }
    if (t.t === 'name') {
      const next = peek();
      if (next && next.t === 'op' && next.v === '(') {
        const fn = FUNCTIONS[t.v];
        if (!fn) throw new ObjectiveSyntaxError(`unknown function "${t.v}" (known: ${Object.keys(FUNCTIONS).join(', ')})`, t.at);
        p++;
        const args = [expr(depth + 1)];
        while (peek()?.t === 'op' && peek()!.v === ',') { p++; args.push(expr(depth + 1)); }
        expectOp(')');
        if (args.length < fn.arity[0] || args.length > fn.arity[1]) throw new ObjectiveSyntaxError(`${t.v} takes ${fn.arity[0]}–${fn.arity[1]} arguments, received ${args.length}`, t.at);
        return { k: 'call', fn: t.v, args };
      }
      names.add(t.v);
      return { k: 'var', name: t.v };
    }
    throw new ObjectiveSyntaxError(`unexpected "${t.v}"`, t.at);
  };
  const root = expr(0);
  if (p < tokens.length) throw new ObjectiveSyntaxError(`unexpected "${tokens[p]!.v}"`, tokens[p]!.at);

  const run = (n: Node, m: Record<string, unknown>): number => {
    switch (n.k) {
      case 'num': return n.v;
      case 'var': { const v = m[n.name]; return typeof v === 'number' ? v : NaN; }
      case 'neg': return -run(n.a, m);
      case 'bin': {
        const a = run(n.a, m), b = run(n.b, m);
        return n.op === '+' ? a + b : n.op === '-' ? a - b : n.op === '*' ? a * b : a / b;
      }
      case 'call': return FUNCTIONS[n.fn]!.f(...n.args.map((x) => run(x, m)));
    }
  };
  return {
    text,
    names: [...names],
    evaluate(metrics) {
      const v = run(root, metrics);
      return Number.isFinite(v) ? v : -Infinity;
    },
  };
}
