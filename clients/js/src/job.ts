import { ACCESS_ERRORS, JobCancelledError, JobFailedError, ProgressError, safe, toProgressError } from './errors.js';
import { fold, initialState, setStreams, type Streams } from './fold.js';
import { isEvent, isObject, isResumed } from './frames.js';
import { byPosition, classify, type Position } from './order.js';
import type { Cursor, JobState, ResumeResult, Timers, Transport, WireEvent } from './types.js';

/** What `watch` takes. Every callback is optional; an exception thrown by one is caught and reported. */
export interface WatchOptions {
  /** The new state after every change (a new object each time). */
  onState?(state: JobState): void;
  /** Each event applied, in position order, once. */
  onEvent?(event: WireEvent): void;
  /** Problems with this job: refusals, failed resumes, malformed events. */
  onError?(error: ProgressError): void;
  /** The server replaced the state (`truncated`: events were evicted; `new_epoch`: the job was renumbered). */
  onResync?(outcome: 'truncated' | 'new_epoch', state: JobState): void;
  /** Where to resume from, for example the `cursor` kept before a reload. */
  cursor?: Cursor | null;
}

/** A watched job. */
export interface Job {
  readonly jobId: string;
  readonly state: JobState;
  readonly cursor: Cursor;
  /**
   * Resolves with the final state on `job_complete`; rejects with {@link JobFailedError} / {@link JobCancelledError},
   * with a {@link ProgressError} carrying the server's code when the job is refused (or not found in time), or with
   * code `closed` after `close()`. Never settles because of a disconnect.
   */
  readonly done: Promise<JobState>;
  /**
   * Asks the server to cancel the job; `done` then rejects with {@link JobCancelledError}. Rejects with the server's
   * code when refused (SignalR), or resolves once sent where the server has no success reply (API Gateway: a refusal
   * arrives on `onError`); on AppSync it calls the app's `cancel` option.
   */
  cancel(): Promise<void>;
  /** Stops watching. Idempotent. */
  close(): void;
}

/** What a job watch needs from its client (one per client). */
export interface JobContext {
  readonly transport: Transport;
  readonly timers: Timers;
  readonly notFoundTimeoutMs: number;
  readonly notFoundRetryMs: number;
  isLive(): boolean;
  now(): number;
  retryDelay(attempt: number): number;
  /** The client's own `onError` (and its count of malformed frames). */
  report(error: ProgressError): void;
  /** Drops the watch; `subscribed` false when the server never accepted it (nothing to unsubscribe). */
  forget(watch: JobWatch, jobId: string, subscribed: boolean): void;
}

/** A job watch as the client drives it. */
export interface JobWatch {
  readonly job: Job;
  receive(evt: WireEvent): void;
  /** A problem about this job found by the client (malformed frame, server error): the watch's `onError` only. */
  warn(error: ProgressError): void;
  up(): void;
  down(): void;
}

const MAX_BUFFERED = 10_000;
/** After this many losses in a row that a gapless resume did not fix, resume without a cursor (the snapshot). */
const MAX_LOSS_STREAK = 3;


export function createJobWatch(ctx: JobContext, jobId: string, options: WatchOptions): JobWatch {
  const streams: Streams = new Map();
  let state = initialState(jobId);
  let pos: Position | null = options.cursor ? { epoch: options.cursor.epoch ?? null, seq: options.cursor.seq, kept: null } : null;
  let pending: object | null = null; // the resume in flight; events wait in `buffer` meanwhile
  let buffer: WireEvent[] = [];
  let stopped = false;
  let notFoundSince: number | null = null;
  let retryTimer: unknown; // cleared whether or not it already ran
  let retryAttempt = 0;
  let lossStreak = 0;

  const fail = (code: string, message?: string) => new ProgressError(code, message, jobId);
  let resolveDone!: (s: JobState) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<JobState>((resolve, reject) => { resolveDone = resolve; rejectDone = reject; });
  done.catch(() => {}); // a page that never awaits `done` must not see unhandled rejections

  const emitState = () => safe(options.onState, state);
  const warn = (error: ProgressError) => safe(options.onError, error);
  const report = (error: ProgressError) => {
    warn(error);
    ctx.report(error);
  };

  // The first call decides: a promise settles once.
  const settle = (error?: Error) => (error ? rejectDone(error) : resolveDone(state));

  function checkTerminal() {
    const status = state.status;
    if (status === 'completed') settle();
    if (status === 'failed' || status === 'cancelled') settle(new (status === 'failed' ? JobFailedError : JobCancelledError)(state));
  }

  /** Forgets everything folded so far (a new epoch, or the server's replacement state follows). */
  function reset() {
    streams.clear();
    state = initialState(jobId);
  }

  function apply(evt: WireEvent) {
    state = fold(state, evt, streams);
    pos = { epoch: evt.epoch ?? pos?.epoch ?? null, seq: evt.seq, kept: evt.kept_seq ?? null };
    safe(options.onEvent, evt);
    emitState();
    checkTerminal();
  }

  function process(evt: WireEvent) {
    if (pending) {
      if (buffer.length < MAX_BUFFERED) buffer.push(evt);
      return;
    }
    switch (classify(pos, evt)) {
      case 'drop':
        return;
      case 'loss':
        buffer.push(evt);
        lossStreak++;
        resume();
        return;
      case 'reset':
        reset();
        apply(evt);
        safe(options.onResync, 'new_epoch', state);
        return;
      default:
        lossStreak = 0;
        apply(evt);
    }
  }

  function drain() {
    const events = buffer.sort(byPosition);
    buffer = [];
    for (const evt of events) process(evt);
  }

  function resume() {
    if (stopped || pending || !ctx.isLive()) return;
    // The wire format's job id rule, checked here whatever the transport (AppSync would never answer).
    if (!/^[\w.:-]{1,128}$/.test(jobId)) return refuse(fail('invalid_job_id'));
    clearRetry();
    const token = {};
    pending = token;
    const cursor = pos && lossStreak < MAX_LOSS_STREAK ? { epoch: pos.epoch, seq: pos.seq } : null;
    // An async function calls resume now (events that arrive meanwhile are buffered) and turns a throw into a rejection.
    (async () => ctx.transport.resume(jobId, cursor))().then(
      (r) => token === pending && onReply(r, cursor),
      (e) => token === pending && onResumeError(e),
    );
  }

  function onReply(r: ResumeResult, cursor: Cursor | null) {
    pending = null;
    // The reply comes from the network too: one that is not what the contract says is retried like a server error.
    if (!(r?.type === 'resumed' ? isResumed(r) : isObject(r) && (r.snapshot == null || isEvent(r.snapshot)))) {
      return onResumeError(fail('malformed_frame', 'bad resume reply'));
    }
    retryAttempt = 0;
    notFoundSince = null;
    if (r.type === 'resumed' && r.outcome !== 'gapless') {
      lossStreak = 0;
      // The snapshot (the job's newest event) with the server's stream texts replaces everything folded so far; the
      // page hears of it when there was something to replace (not on a first subscribe, which is answered so).
      const replaced = cursor || state.seq;
      reset();
      if (r.snapshot) state = fold(state, r.snapshot, streams);
      state = { ...state, epoch: r.epoch, seq: r.seq, streams: setStreams(streams, r.streams ?? {}) };
      pos = { epoch: r.epoch, seq: r.seq, kept: r.kept_seq };
      buffer = buffer.filter((e) => classify(pos, e) !== 'drop');
      emitState();
      if (replaced) safe(options.onResync, r.outcome, state);
      checkTerminal();
    } else if (r.type === 'resumed') {
      if (pos && pos.kept === null && r.epoch === pos.epoch && r.seq === pos.seq) pos.kept = r.kept_seq;
    } else if (r.snapshot) {
      // A subscribe's snapshot is the newest whole state: applied even past a gap (no replay is coming), anew on
      // another epoch; buffered events at or before it are then dropped as stale.
      const snapshot = r.snapshot;
      if (classify(pos, snapshot) !== 'drop') {
        if (pos?.epoch && snapshot.epoch && snapshot.epoch !== pos.epoch) reset();
        lossStreak = 0;
        apply(snapshot);
      }
    }
    drain();
  }

  function onResumeError(e: unknown) {
    pending = null;
    const error = toProgressError(e, undefined, jobId);
    const code = error.code;
    if (ACCESS_ERRORS.includes(code)) return refuse(error);
    if (code === 'job_not_found') {
      notFoundSince ??= ctx.now();
      if (ctx.now() - notFoundSince >= ctx.notFoundTimeoutMs) return refuse(error);
      return schedule(ctx.notFoundRetryMs);
    }
    if (code === 'invalid_cursor') {
      pos = null;
      return resume();
    }
    if (code === 'disconnected' || !ctx.isLive()) return; // the next connection resumes
    report(error);
    schedule(ctx.retryDelay(retryAttempt++));
  }

  function schedule(ms: number) {
    clearRetry();
    retryTimer = ctx.timers.setTimeout(resume, ms);
  }

  const clearRetry = () => ctx.timers.clearTimeout(retryTimer);

  function refuse(error: ProgressError) {
    report(error);
    settle(error);
    stop(false);
  }

  function stop(subscribed = true) {
    if (stopped) return;
    stopped = true;
    pending = null;
    buffer = [];
    clearRetry();
    ctx.forget(watch, jobId, subscribed);
  }

  const job: Job = {
    jobId,
    get state() { return state; },
    get cursor() { return { epoch: pos?.epoch ?? state.epoch, seq: pos?.seq ?? state.seq }; },
    done,
    cancel: async () => ctx.transport.cancel(jobId),
    close() {
      stop();
      settle(fail('closed'));
    },
  };

  const watch: JobWatch = {
    job,
    receive(evt) {
      if (!stopped) process(evt);
    },
    warn,
    up: resume,
    down() {
      pending = null;
      clearRetry();
    },
  };
  return watch;
}
