export { createProgressClient, DEFAULT_NOT_FOUND_RETRY_MS, DEFAULT_NOT_FOUND_TIMEOUT_MS } from './client.js';
export type { ClientEnvironment, ProgressClient, ProgressClientOptions } from './client.js';
export type { Job, WatchOptions } from './job.js';
export { JobCancelledError, JobFailedError, ProgressError } from './errors.js';
export { DEFAULT_BACKOFF_INITIAL_MS, DEFAULT_BACKOFF_MAX_MS } from './backoff.js';
export type {
  AgentState, ClientStatus, ControlErrorCode, ControlReply, Cursor, EventType, JobState, JobStatus, ProgressEvent,
  ResumedReply, ResumeResult, StreamText, Timers, Transport, TransportSink, WireEvent,
} from './types.js';
