import { DEFAULT_BACKOFF_INITIAL_MS, DEFAULT_BACKOFF_MAX_MS, fullJitter } from './backoff.js';
import { ProgressError, safe, toProgressError } from './errors.js';
import { isEvent } from './frames.js';
import { createJobWatch, type Job, type JobContext, type JobWatch, type WatchOptions } from './job.js';
import type { ClientStatus, JobState, Timers, Transport, TransportSink } from './types.js';

/** How long a job that the server does not know yet (`job_not_found`) is asked for again before `done` rejects. */
export const DEFAULT_NOT_FOUND_TIMEOUT_MS = 30_000;
/** The pause between two asks for a job not found yet. */
export const DEFAULT_NOT_FOUND_RETRY_MS = 1_000;

type Listener = (type: string, fn: () => void) => void;
/** The browser globals the client listens to (`online`, `visibilitychange`, `navigator.onLine`); all optional. */
export interface ClientEnvironment {
  addEventListener?: Listener;
  removeEventListener?: Listener;
  navigator?: { onLine?: boolean };
  document?: { visibilityState?: string; addEventListener?: Listener; removeEventListener?: Listener };
}

export interface ProgressClientOptions {
  transport: Transport;
  /** Every problem: connection failures, malformed frames, refusals (also given to the job's own `onError`). */
  onError?(error: ProgressError): void;
  /** Reconnect backoff with full jitter: `initialMs` (default 500) doubling to `maxMs` (default 15000). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** How long `job_not_found` is retried before `done` rejects; default 30000 ms. */
  notFoundTimeoutMs?: number;
  /** The pause between those retries; default 1000 ms. */
  notFoundRetryMs?: number;
  /** For tests: randomness, clock, timers and browser globals (default: Math.random, Date.now, globalThis). */
  random?: () => number;
  now?: () => number;
  timers?: Timers;
  environment?: ClientEnvironment;
}

export interface ProgressClient {
  /** Watches a job: subscribes (resuming from `options.cursor` if given) and keeps its state. */
  watch(jobId: string, options?: WatchOptions): Job;
  /** Also follows the current user's other jobs (transports that support it); `onState` per job. */
  watchMyJobs(options: { onState(state: JobState): void }): { close(): void };
  readonly status: ClientStatus;
  /** Calls `listener` on every status change; returns a function that removes it. */
  onStatus(listener: (status: ClientStatus) => void): () => void;
  /** How many frames could not be decoded or were not valid events. */
  readonly malformedFrames: number;
  /** Closes every watch and the connection. Idempotent. */
  close(): void;
}

export function createProgressClient(options: ProgressClientOptions): ProgressClient {
  const { transport } = options;
  const random = options.random ?? Math.random;
  // Called as methods of globalThis, which browsers and Node accept.
  const timers = options.timers ?? (globalThis as Timers);
  const env: ClientEnvironment = options.environment ?? (globalThis as ClientEnvironment);
  const initialMs = options.backoff?.initialMs ?? DEFAULT_BACKOFF_INITIAL_MS;
  const maxMs = options.backoff?.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const watches = new Map<string, Set<JobWatch>>();
  const statusListeners = new Set<(s: ClientStatus) => void>();
  const myJobs = new Set<(s: JobState) => void>();
  let status: ClientStatus = 'connecting';
  let generation = 0;
  let live = false;
  let started = false;
  let closed = false;
  let attempt = 0;
  let retryTimer: unknown = null;
  let malformed = 0;

  const report = (error: ProgressError) => {
    if (error.code === 'malformed_frame') malformed++;
    safe(options.onError, error);
  };
  // A problem that names a job goes to that job's watches too, and to the client's onError once.
  const reportJob = (error: ProgressError) => {
    watches.get(error.jobId ?? '')?.forEach((w) => w.warn(error));
    report(error);
  };
  const each = (fn: (watch: JobWatch) => void) => watches.forEach((set) => set.forEach(fn));

  function setStatus(next: ClientStatus) {
    if (next === status) return;
    status = next;
    statusListeners.forEach((listener) => safe(listener, next));
  }

  const downStatus = (): ClientStatus => (closed || env.navigator?.onLine === false ? 'offline' : 'reconnecting');

  const ctx: JobContext = {
    transport,
    timers,
    notFoundTimeoutMs: options.notFoundTimeoutMs ?? DEFAULT_NOT_FOUND_TIMEOUT_MS,
    notFoundRetryMs: options.notFoundRetryMs ?? DEFAULT_NOT_FOUND_RETRY_MS,
    isLive: () => live,
    now: options.now ?? Date.now,
    retryDelay: (n) => fullJitter(n, random, initialMs, maxMs),
    report,
    forget(watch, jobId, subscribed) {
      const set = watches.get(jobId);
      if (!set?.delete(watch) || set.size > 0) return;
      watches.delete(jobId);
      if (live && subscribed) safe(() => transport.unsubscribe(jobId));
    },
  };

  function add(jobId: string, opts: WatchOptions): JobWatch {
    const watch = createJobWatch(ctx, jobId, opts);
    let set = watches.get(jobId);
    if (!set) watches.set(jobId, (set = new Set()));
    set.add(watch);
    return watch;
  }

  function onData(data: unknown) {
    if (!isEvent(data)) {
      const jobId = (data as { job_id?: unknown } | null)?.job_id;
      return reportJob(new ProgressError('malformed_frame', 'not a progress event', typeof jobId === 'string' ? jobId : undefined));
    }
    const set = watches.get(data.job_id);
    if (set) {
      for (const watch of [...set]) watch.receive(data);
    } else if (myJobs.size > 0) {
      // A job of this user that nobody watches yet: follow it from here on.
      add(data.job_id, { onState: (s) => myJobs.forEach((fn) => safe(fn, s)) }).receive(data);
    }
  }

  function connect() {
    retryTimer = null;
    if (closed) return;
    const mine = ++generation;
    // Only the first attempt is `connecting`; every later one follows a retry (attempt > 0).
    setStatus(attempt > 0 ? downStatus() : 'connecting');
    // This attempt's sink is heard until its connection ends (the generation moves on) or the client closes.
    const current = () => mine === generation && !closed;
    const end = () => {
      generation++;
      live = false;
      retry();
    };
    const sink: TransportSink = {
      event: (data) => { if (current()) onData(data); },
      malformed: (detail) => { if (current()) report(new ProgressError('malformed_frame', detail)); },
      error: (code, message, jobId) => { if (current()) reportJob(new ProgressError(code, message, jobId)); },
      closed: () => {
        if (!current()) return;
        each((w) => w.down());
        end();
      },
    };
    (async () => transport.open(sink))().then(
      () => {
        // Closed while connecting: close what has just opened.
        if (closed) safe(() => transport.close());
        if (!current()) return;
        live = true;
        attempt = 0;
        setStatus('live');
        if (myJobs.size > 0) subscribeMyJobs();
        each((w) => w.up());
      },
      (e: unknown) => {
        if (!current()) return;
        report(toProgressError(e, 'connect_failed'));
        end();
      },
    );
  }

  function subscribeMyJobs() {
    (async () => {
      if (!transport.watchMyJobs) throw new ProgressError('my_jobs_unsupported');
      await transport.watchMyJobs();
    })().catch((e: unknown) => report(toProgressError(e)));
  }

  function retry() {
    if (closed) return;
    setStatus(downStatus());
    retryTimer = timers.setTimeout(connect, ctx.retryDelay(attempt++));
  }

  // Back online, or the tab visible again: retry now rather than at the end of a long backoff.
  function wake() {
    if (retryTimer === null || closed) return;
    timers.clearTimeout(retryTimer);
    connect();
  }
  const onVisible = () => { if (env.document?.visibilityState === 'visible') wake(); };

  function listen(method: 'addEventListener' | 'removeEventListener') {
    env[method]?.('online', wake);
    env.document?.[method]?.('visibilitychange', onVisible);
  }

  // The first watch connects; after close() nothing can be watched.
  function start() {
    if (closed) throw new ProgressError('closed');
    if (started) return;
    started = true;
    listen('addEventListener');
    connect();
  }

  return {
    watch(jobId, opts = {}) {
      start();
      const watch = add(jobId, opts);
      if (live) watch.up();
      return watch.job;
    },
    watchMyJobs({ onState }) {
      start();
      const first = myJobs.size === 0;
      myJobs.add(onState);
      if (first && live) subscribeMyJobs();
      return { close: () => void myJobs.delete(onState) };
    },
    get status() { return status; },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    get malformedFrames() { return malformed; },
    close() {
      if (closed) return;
      each((w) => w.job.close());
      closed = true;
      live = false;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
      listen('removeEventListener');
      safe(() => transport.close());
      setStatus('offline');
    },
  };
}
