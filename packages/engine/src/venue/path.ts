/**
 * The price path a bar is assumed to take inside itself, as points. A point flagged `jump` is reached
 * without trading through the prices in between (the open after a gap); between two other points price
 * moves continuously. Per bar: open (jump) -> nearer of high/low -> the other -> close. When both
 * extremes are equally far from the open, a down bar (close < open) visits the high first, otherwise
 * the low first. With an intrabar series the path is the concatenation of its sub-bars' paths.
 */
export class PricePath {
  pts = new Float64Array(64);
  jump = new Uint8Array(64);
  n = 0;

  reset(): void {
    this.n = 0;
  }

  addBar(open: number, high: number, low: number, close: number): void {
    if (this.n + 4 > this.pts.length) this.grow();
    const dUp = high - open;
    const dDown = open - low;
    const lowFirst = dDown < dUp || (dDown === dUp && close >= open);
    this.push(open, 1);
    this.push(lowFirst ? low : high, 0);
    this.push(lowFirst ? high : low, 0);
    this.push(close, 0);
  }

  private push(p: number, jump: number): void {
    this.pts[this.n] = p;
    this.jump[this.n] = jump;
    this.n++;
  }

  private grow(): void {
    const pts = new Float64Array(this.pts.length * 2);
    pts.set(this.pts);
    const jump = new Uint8Array(this.jump.length * 2);
    jump.set(this.jump);
    this.pts = pts;
    this.jump = jump;
  }
}
