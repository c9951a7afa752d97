export { createProgressClient } from './client.js';
export type { ClientEnvironment, ProgressClient, ProgressClientOptions } from './client.js';
export type { Job, WatchOptions } from './job.js';
export { JobCancelledError, JobFailedError, ProgressError } from './errors.js';
export type {
  AgentState, ClientStatus, ControlErrorCode, ControlReply, Cursor, EventType, JobState, JobStatus, ProgressEvent,
  ResumedReply, ResumeResult, StreamText, Timers, Transport, TransportSink, WireEvent,
} from './types.js';
