// The few autocannon options and results this bench uses (the package ships no types).
declare module 'autocannon' {
  interface Client { setHeaders(headers: Record<string, string>): void }
  interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    headers?: Record<string, string>;
    setupClient?: (client: Client) => void;
  }
  interface Histogram { average: number; mean: number; p50: number; p90: number; p99: number; max: number }
  interface Result { requests: Histogram & { total: number }; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx': number }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
