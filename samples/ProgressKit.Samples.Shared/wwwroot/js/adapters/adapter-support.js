// Small helpers shared by the transport adapters.

/** Reconnect delay for the given 0-based attempt: 0.5 s doubling up to 10 s, with ±20 % jitter so many
 *  browsers dropped at once by a server restart do not all come back in the same instant. */
export function backoff(attempt) {
  const base = Math.min(500 * 2 ** Math.min(attempt, 10), 10_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with a clear message when `promise` has not settled after `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no reply within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * An open/closed gate: wait() resolves at once while open, otherwise when open() is next called.
 * Adapters use it so subscribe()/cancel() called while (re)connecting wait for the connection
 * instead of failing.
 */
export function createGate() {
  let isOpen = false;
  let waiters = [];
  return {
    get isOpen() { return isOpen; },
    open() {
      isOpen = true;
      const pending = waiters;
      waiters = [];
      pending.forEach((resolve) => resolve());
    },
    close() { isOpen = false; },
    wait() { return isOpen ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)); },
  };
}

/** Random UUID; crypto.randomUUID only exists in secure contexts (not on plain http to a LAN address). */
export function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A progress event is any object with a job id and a numeric seq (replies and errors have neither). */
export const isProgressEvent = (msg) =>
  msg != null && typeof msg === 'object' && msg.job_id != null && typeof msg.seq === 'number';
