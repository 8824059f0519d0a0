// Load from a second process's point of view: autocannon runs here, the servers it loads run in
// child processes, so the load generator never shares an event loop with what it measures.
import autocannon from 'autocannon';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);

export interface LoadRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  url: string;
  /** a fixed request, or one built per request (for example a different teacher each time) */
  request: LoadRequest | ((slot: number) => LoadRequest);
  /** how many distinct slots `request` takes; a slot is never used by two requests at once */
  slots?: number;
  /** told every response of a slot; the slot is given out again once what it returns settles */
  onResponse?: (slot: number, status: number, body: string) => void | Promise<void>;
  /** CPU seconds used so far by what is loaded (read before and after the measured run) */
  cpuSeconds?: () => number;
  /** the part of cpuSeconds that the database uses, reported on its own */
  dbCpuSeconds?: () => number;
  /** run before the warm-up and before the measured run (for example to re-read state a cut-off run left) */
  before?: () => Promise<void>;
  duration?: number;
  /** seconds of warm-up before the measured run (BENCH_WARMUP by default) */
  warmup?: number;
  connections?: number;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** connection errors and timeouts */
  errors: number;
  /** responses outside 2xx */
  non2xx: number;
  total: number;
  /** CPU milliseconds the loaded processes used per response (NaN unless cpuSeconds is given) */
  cpuMsPerRequest: number;
  /** of that, the database's (NaN unless dbCpuSeconds is given) */
  dbCpuMsPerRequest: number;
}

interface Raw {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

/** Runs one load: CONNECTIONS connections for DURATION_S seconds, after a WARMUP_S warm-up of the same. */
export async function load(options: LoadOptions): Promise<LoadFigures> {
  const warmup = options.warmup ?? WARMUP_S;
  if (warmup > 0) await once(options, warmup);
  const before = options.cpuSeconds?.() ?? NaN;
  const dbBefore = options.dbCpuSeconds?.() ?? NaN;
  const figures = await once(options, options.duration ?? DURATION_S);
  figures.cpuMsPerRequest = (((options.cpuSeconds?.() ?? NaN) - before) * 1000) / figures.total;
  figures.dbCpuMsPerRequest = (((options.dbCpuSeconds?.() ?? NaN) - dbBefore) * 1000) / figures.total;
  return figures;
}

async function once(options: LoadOptions, duration: number): Promise<LoadFigures> {
  await options.before?.();
  const { request } = options;
  const slots = options.slots ?? 1;
  const free = Array.from({ length: slots }, (_, i) => i);
  const build = (): LoadRequest & { slot: number } => {
    const slot = typeof request === 'function' ? (free.shift() ?? 0) : 0;
    return { ...(typeof request === 'function' ? request(slot) : request), slot };
  };
  const raw = (await autocannon({
    url: options.url,
    connections: options.connections ?? CONNECTIONS,
    duration,
    timeout: 10,
    requests: [
      {
        setupRequest(req: Record<string, unknown>, context: Record<string, unknown>) {
          const next = build();
          context.slot = next.slot;
          return { ...req, method: next.method ?? 'GET', path: next.path, headers: { ...(req.headers as object), ...next.headers }, body: next.body };
        },
        onResponse(status: number, body: string, context: Record<string, unknown>) {
          const slot = context.slot as number;
          const settled = options.onResponse?.(slot, status, body);
          if (typeof request !== 'function') return;
          if (settled) void settled.finally(() => free.push(slot));
          else free.push(slot);
        },
      },
    ],
  } as never)) as unknown as Raw;
  return {
    requestsPerSecond: raw.requests.average,
    p50: raw.latency.p50,
    p99: raw.latency.p99,
    errors: raw.errors + raw.timeouts,
    non2xx: raw.non2xx,
    total: raw['2xx'] + raw.non2xx,
    cpuMsPerRequest: NaN,
    dbCpuMsPerRequest: NaN,
  };
}
