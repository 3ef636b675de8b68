import { EventEmitter } from 'node:events';

/**
 * Immutable, timestamped facts on named topics (`events.order.<strategyId>`,
 * `backtest.progress.<id>`). Within one process; cross-process topics use Redis Streams.
 */
export interface BusMessage<T = unknown> {
  topic: string;
  time: number;
  payload: T;
}

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish<T>(topic: string, payload: T): void {
    const msg: BusMessage<T> = Object.freeze({ topic, time: Date.now(), payload });
    this.emitter.emit(topic, msg);
  }

  subscribe<T>(topic: string, fn: (msg: BusMessage<T>) => void): () => void {
    this.emitter.on(topic, fn);
    return () => this.emitter.off(topic, fn);
  }
}
