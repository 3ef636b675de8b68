// Runs the fake exchange on its own for demos: `npm run fake-exchange -w services/data`.
// PORT (default 8090) and MS_PER_BAR (default 1000: one 1m bar per second) come from the environment.
import { FakeExchange } from './fake-exchange.ts';

const port = Number(process.env.PORT ?? 8090);
const msPerBar = Number(process.env.MS_PER_BAR ?? 1000);
const fx = await new FakeExchange({ historyBars: 60 * 24 * 7, futureBars: 60 * 24 * 30, apiKey: process.env.FAKE_API_KEY, secret: process.env.FAKE_SECRET }).start(port);
fx.startClock(msPerBar);
console.log(JSON.stringify({ msg: 'fake exchange listening', rest: `${fx.baseUrl}/api/v3`, ws: `ws://127.0.0.1:${fx.port}/ws`, msPerBar }));
const stop = () => void fx.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
