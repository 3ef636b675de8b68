import type { WorkingOrder } from './order.ts';

/**
 * Venue port: where orders go once they passed the risk gate. Contract (every implementation):
 * - `submit` validates and rounds the order to the instrument, then either emits `rejected`
 *   (stable code: QTY_TOO_SMALL, MIN_NOTIONAL, INVALID_ORDER, NO_PRICE, ...) or `accepted`,
 *   followed later by `partiallyFilled`/`filled`/`canceled`/`expired` events; it never throws for a
 *   trading reason.
 * - `cancel` of a working order emits `canceled` and returns true; of an unknown or finished
 *   order it does nothing and returns false.
 * - Events are emitted through the hooks the venue was built with, in the order they happen.
 * SimulatedVenue implements it for backtests and paper trading; live adapters (CcxtVenue, ...) map
 * exchange acknowledgements and fills onto the same events.
 */
export interface Venue {
  submit(order: WorkingOrder, now: number): void;
  cancel(orderId: string, now: number): boolean;
  readonly working: readonly WorkingOrder[];
}
