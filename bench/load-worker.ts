// The load generator, in its own process so it does not share an event loop with what it measures:
// autocannon with `connections` keep-alive connections, every request taken in turn from the list it is given
// (so each logged-in parent's cookie is used in rotation). Writes the figures as JSON to the result file.
// Run by bench/run.ts: node --import tsx bench/load-worker.ts <spec.json> <result.json>
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadItem {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** echoed next to the status in `outcomes` (e.g. the child a cancellation was for) */
  label?: string;
}

export interface LoadSpec {
  base: string;
  connections: number;
  /** seconds of load; or `amount` requests in all (with both, whichever ends first) */
  seconds?: number;
  amount?: number;
  warmupSeconds?: number;
  items: LoadItem[];
  /** keep the status of every request, by label */
  recordOutcomes?: boolean;
  /** tell the parent process (IPC { progress }) once this many responses arrived, or this many seconds passed */
  notifyAfter?: { responses: number; seconds: number };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
  /** connection errors and timeouts */
  errors: number;
  bytesPerResponse: number;
  outcomes: [string, number][];
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/** Warm-up: a few connections, so caches fill and code gets compiled without a queue forming in front of it. */
const WARMUP_CONNECTIONS = 4;

async function run(spec: LoadSpec, measure: boolean, seconds?: number): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const outcomes: [string, number][] = [];
  let bytes = 0;
  const started = performance.now();
  let notified = false;
  const notify = () => {
    if (!notified) process.send?.({ progress: latencies.length });
    notified = true;
  };
  const timers = measure
    ? [
        spec.notifyAfter && setTimeout(notify, spec.notifyAfter.seconds * 1000),
        spec.amount && spec.seconds && setTimeout(() => instance.stop(), spec.seconds * 1000),
      ]
    : [];
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon(
    {
      url: spec.base,
      // autocannon refuses more connections than requests
      connections: Math.min(measure ? spec.connections : WARMUP_CONNECTIONS, spec.amount ?? Infinity),
      ...(seconds || !spec.amount ? { duration: seconds ?? spec.seconds } : { amount: spec.amount }),
      timeout: 30,
      requests: [
        {
          setupRequest: (request, context: { label?: string }) => {
            const item = spec.items[next++ % spec.items.length];
            context.label = item.label;
            return { ...request, method: item.method ?? 'GET', path: item.path, headers: { ...item.headers }, body: item.body };
          },
          onResponse: (status, _body, context: { label?: string }) => {
            if (measure && spec.recordOutcomes) outcomes.push([context.label ?? '', status]);
          },
        },
      ],
    },
    (error: Error | null, result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', (_client, statusCode, resBytes, responseTime) => {
    latencies.push(responseTime);
    if (measure && latencies.length === spec.notifyAfter?.responses) notify();
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    bytes += resBytes;
  });
  const result = await done;
  for (const timer of timers) if (timer) clearTimeout(timer);
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    seconds: Number(elapsed.toFixed(2)),
    perSecond: Number((latencies.length / elapsed).toFixed(1)),
    p50: Number(percentile(sorted, 50).toFixed(1)),
    p95: Number(percentile(sorted, 95).toFixed(1)),
    p99: Number(percentile(sorted, 99).toFixed(1)),
    statuses,
    errors: result.errors + result.timeouts,
    bytesPerResponse: latencies.length ? Math.round(bytes / latencies.length) : 0,
    outcomes,
  };
}

const [specFile, resultFile] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(spec.base)) throw new Error('Load only loopback addresses');
if (spec.warmupSeconds) await run(spec, false, spec.warmupSeconds);
writeFileSync(resultFile, JSON.stringify(await run(spec, true)));
