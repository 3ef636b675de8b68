import { Account } from './account.ts';

/**
 * One trading account shared by several strategy sub-accounts (sub-ledgers). Each sub-account has its
 * own capital, positions, realised PnL, trades and (through the RiskEngine bound to it) its own limits;
 * the Portfolio holds the shared marks and answers account-wide questions (net position, total equity).
 * A fill is always booked to exactly one sub-account, so books never mix.
 */
export class Portfolio {
  readonly symbols: readonly string[];
  /** Latest mark price per symbol (shared by all sub-accounts). */
  readonly marks: Float64Array;
  readonly accounts: Account[] = [];
  private readonly index = new Map<string, number>();

  constructor(symbols: readonly string[]) {
    this.symbols = symbols;
    this.marks = new Float64Array(symbols.length).fill(Number.NaN);
    symbols.forEach((s, i) => this.index.set(s, i));
  }

  /** Opens a sub-account with its own starting capital; ids must be unique. */
  addAccount(id: string, initialCash: number): Account {
    if (this.accounts.some((a) => a.id === id)) throw new Error(`sub-account "${id}" already exists`);
    const a = new Account(id, this.symbols, initialCash);
    this.accounts.push(a);
    return a;
  }

  account(id: string): Account {
    const a = this.accounts.find((x) => x.id === id);
    if (!a) throw new Error(`unknown sub-account "${id}"`);
    return a;
  }

  /** Symbol index, or -1 when the symbol is not traded in this portfolio. */
  symbolIndex(symbol: string): number {
    return this.index.get(symbol) ?? -1;
  }

  setMark(s: number, price: number): void {
    this.marks[s] = price;
  }

  /** Net signed position of the whole account in one symbol (sum over sub-accounts). */
  netQty(s: number): number {
    let q = 0;
    for (const a of this.accounts) q += a.qty[s];
    return q;
  }

  totalCash(): number {
    let c = 0;
    for (const a of this.accounts) c += a.cash;
    return c;
  }

  totalEquity(): number {
    let e = 0;
    for (const a of this.accounts) e += a.equity(this.marks);
    return e;
  }
}

/** Alias: the shared book is also what accountants call the ledger. */
export { Portfolio as Ledger };
