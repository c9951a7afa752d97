import { ACCESS_ERRORS, JobCancelledError, JobFailedError, ProgressError, safe, toProgressError } from './errors.js';
import { fold, initialState, isTerminal, replaceState, type Streams } from './fold.js';
import { isEvent } from './frames.js';
import { byPosition, classify, positionOf, type Position } from './order.js';
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
  /** Asks the server to cancel the job; rejects with the server's code when refused. */
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
  cancel(jobId: string): Promise<void>;
  report(error: ProgressError): void;
  /** Drops the watch; `subscribed` false when the server never accepted it (nothing to unsubscribe). */
  forget(watch: JobWatch, subscribed: boolean): void;
}

/** A job watch as the client drives it. */
export interface JobWatch {
  readonly job: Job;
  receive(evt: WireEvent): void;
  report(error: ProgressError): void;
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
  let settled = false;
  let notFoundSince: number | null = null;
  let retryTimer: unknown = null;
  let retryAttempt = 0;
  let lossStreak = 0;

  let resolveDone!: (s: JobState) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<JobState>((resolve, reject) => { resolveDone = resolve; rejectDone = reject; });
  done.catch(() => {}); // a page that never awaits `done` must not see unhandled rejections

  const emitState = () => safe(options.onState, state);
  const report = (error: ProgressError) => {
    safe(options.onError, error);
    ctx.report(error);
  };

  function settle(error?: Error) {
    if (settled) return;
    settled = true;
    if (error) rejectDone(error);
    else resolveDone(state);
  }

  function checkTerminal() {
    if (settled || !isTerminal(state.status)) return;
    if (state.status === 'completed') settle();
    else settle(state.status === 'failed' ? new JobFailedError(state) : new JobCancelledError(state));
  }

  function apply(evt: WireEvent) {
    state = fold(state, evt, streams);
    pos = positionOf(evt, pos);
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
        streams.clear();
        state = initialState(jobId);
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
    if (!/^[\w.:-]{1,128}$/.test(jobId)) return refuse(new ProgressError('invalid_job_id', undefined, jobId));
    clearRetry();
    const token = {};
    pending = token;
    const cursor = pos && lossStreak < MAX_LOSS_STREAK ? { epoch: pos.epoch, seq: pos.seq } : null;
    let reply: Promise<ResumeResult>;
    try {
      reply = ctx.transport.resume(jobId, cursor);
    } catch (e) {
      reply = Promise.reject(e);
    }
    reply.then((r) => token === pending && onReply(r, cursor), (e) => token === pending && onResumeError(e));
  }

  function onReply(r: ResumeResult, cursor: Cursor | null) {
    pending = null;
    retryAttempt = 0;
    notFoundSince = null;
    if (r.type === 'resumed' && r.outcome !== 'gapless') {
      lossStreak = 0;
      state = { ...replaceState(jobId, r.snapshot, r.streams, streams), epoch: r.epoch, seq: r.seq };
      pos = { epoch: r.epoch, seq: r.seq, kept: r.kept_seq };
      buffer = buffer.filter((e) => classify(pos, e) !== 'drop');
      emitState();
      if (cursor) safe(options.onResync, r.outcome, state);
      checkTerminal();
    } else if (r.type === 'resumed') {
      if (pos && pos.kept === null && r.epoch === pos.epoch && r.seq === pos.seq) pos.kept = r.kept_seq;
    } else if (r.snapshot != null) {
      // A subscribe's snapshot is the newest whole state: applied even past a gap (no replay is coming), anew on
      // another epoch; buffered events at or before it are then dropped as stale.
      const snapshot = r.snapshot;
      if (!isEvent(snapshot)) report(new ProgressError('malformed_frame', 'bad snapshot', jobId));
      else if (classify(pos, snapshot) !== 'drop') {
        if (pos?.epoch && snapshot.epoch && snapshot.epoch !== pos.epoch) {
          streams.clear();
          state = initialState(jobId);
        }
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
    retryTimer = ctx.timers.setTimeout(() => { retryTimer = null; resume(); }, ms);
  }

  function clearRetry() {
    if (retryTimer !== null) ctx.timers.clearTimeout(retryTimer);
    retryTimer = null;
  }

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
    ctx.forget(watch, subscribed);
  }

  const job: Job = {
    jobId,
    get state() { return state; },
    get cursor() { return { epoch: pos?.epoch ?? state.epoch, seq: pos?.seq ?? state.seq }; },
    done,
    cancel: () => ctx.cancel(jobId),
    close() {
      stop();
      settle(new ProgressError('closed', undefined, jobId));
    },
  };

  const watch: JobWatch = {
    job,
    receive(evt) {
      if (!stopped) process(evt);
    },
    report,
    up() {
      resume();
    },
    down() {
      pending = null;
      clearRetry();
    },
  };
  return watch;
}
