import type { JobState } from './types.js';

/** An error with the server's (or the client's) error code, for example `forbidden` or `job_not_found`. */
export class ProgressError extends Error {
  readonly code: string;
  readonly jobId: string | undefined;
  constructor(code: string, message?: string, jobId?: string) {
    super(message || code);
    this.name = 'ProgressError';
    this.code = code;
    this.jobId = jobId;
  }
}

/** `done` rejects with this on `job_failed`: the job's error code and message, and its final state. */
export class JobFailedError extends ProgressError {
  readonly state: JobState;
  constructor(state: JobState) {
    super(state.error?.code ?? 'failed', state.error?.message, state.jobId);
    this.name = 'JobFailedError';
    this.state = state;
  }
}

/** `done` rejects with this on `job_cancelled` (code `cancelled`), with the job's final state. */
export class JobCancelledError extends ProgressError {
  readonly state: JobState;
  constructor(state: JobState) {
    super('cancelled', state.message ?? undefined, state.jobId);
    this.name = 'JobCancelledError';
    this.state = state;
  }
}

/** Codes after which retrying cannot help: `done` rejects at once. */
export const ACCESS_ERRORS: readonly string[] = ['forbidden', 'unauthenticated', 'invalid_job_id'];

/** Anything a transport rejected with, as a ProgressError (code `transport_error` when it carries none). */
export function toProgressError(e: unknown, fallbackCode = 'transport_error', jobId?: string): ProgressError {
  if (e instanceof ProgressError) return e;
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return new ProgressError(typeof code === 'string' ? code : fallbackCode, String(message ?? e), jobId);
}

/** Calls a function of the page (or of a transport) that must not break the client if it throws. */
export function safe<A extends unknown[]>(fn: ((...args: A) => unknown) | undefined, ...args: A): void {
  try {
    fn?.(...args);
  } catch {
    // The page's own callback failed; the client's state must not.
  }
}
