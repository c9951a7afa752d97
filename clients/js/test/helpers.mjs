// Shared test doubles: a scripted transport, manual timers, and an event factory.
import { createProgressClient } from '../dist/index.js';

/** Lets pending promise callbacks run (not a sleep: one macrotask turn). */
export const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Awaits `predicate()` becoming true, checking after each macrotask turn; fails after `timeoutMs`. */
export async function until(predicate, what = 'condition', timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Manual timers: nothing runs until the test says so. */
export function manualTimers() {
  const pending = [];
  return {
    pending,
    setTimeout(fn, ms) { const t = { fn, ms }; pending.push(t); return t; },
    clearTimeout(t) { const i = pending.indexOf(t); if (i >= 0) pending.splice(i, 1); },
    /** Runs the oldest timer; returns its delay. */
    runNext() { const t = pending.shift(); if (!t) throw new Error('no timer pending'); t.fn(); return t.ms; },
  };
}

/** A transport whose every call is recorded and answered by the test. */
export function scriptedTransport() {
  const t = {
    opens: [], resumes: [], unsubscribes: [], cancels: [], myJobs: 0, closed: 0,
    get sink() { return t.opens.at(-1)?.sink; },
    open(sink) { return new Promise((resolve, reject) => t.opens.push({ sink, resolve, reject })); },
    resume(jobId, cursor) { return new Promise((resolve, reject) => t.resumes.push({ jobId, cursor, resolve, reject })); },
    unsubscribe(jobId) { t.unsubscribes.push(jobId); },
    cancel(jobId) { t.cancels.push(jobId); return Promise.resolve(); },
    watchMyJobs() { t.myJobs++; return Promise.resolve(); },
    close() { t.closed++; },
  };
  return t;
}

const STATUS = { job_complete: 'completed', job_failed: 'failed', job_cancelled: 'cancelled', job_accepted: 'pending' };

/** An event of job-1 (override anything through `extra`). */
export function ev(type, seq, extra = {}) {
  return {
    v: 1, type, job_id: 'job-1', seq, timestamp: '2026-12-05T08:00:00.000Z',
    status: STATUS[type] ?? 'processing', progress: type === 'job_complete' ? 100 : seq, ...extra,
  };
}

/** A resumed reply of the contract. */
export function resumed(outcome, extra = {}) {
  return { type: 'resumed', job_id: 'job-1', outcome, epoch: null, seq: 0, kept_seq: 0, snapshot: null, streams: null, replay: 0, ...extra };
}

/** A client on a scripted transport with manual timers, already live. */
export async function liveClient(options = {}) {
  const transport = scriptedTransport();
  const timers = manualTimers();
  const errors = [];
  const client = createProgressClient({
    transport, timers, random: () => 1, onError: (e) => errors.push(e), environment: {}, ...options,
  });
  return { client, transport, timers, errors, async connect() { transport.opens.at(-1).resolve(); await flush(); } };
}

/** A transport that records each resume's cursor and what it answered (for the real-server tests). */
export function recording(transport) {
  const resumes = [];
  return {
    resumes,
    transport: {
      ...transport,
      async resume(jobId, cursor) {
        const entry = { jobId, cursor, reply: undefined, error: undefined };
        resumes.push(entry);
        try {
          return (entry.reply = await transport.resume(jobId, cursor));
        } catch (e) {
          entry.error = e;
          throw e;
        }
      },
    },
  };
}

/** Whether a promise is still pending after the queue drained. */
export async function isPending(promise) {
  const marker = Symbol('pending');
  const result = await Promise.race([promise.then(() => 'resolved', () => 'rejected'), flush().then(() => marker)]);
  return result === marker;
}

/** Resolves with `promise`, or fails after `timeoutMs` naming `what` (a signal that never comes fails, never hangs). */
export function within(promise, what, timeoutMs = 60_000) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
