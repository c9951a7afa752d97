import type { ControlErrorCode, EventType, JobStatus, ProgressEvent } from './generated/wire.js';

export type { ControlErrorCode, ControlReply, EventType, JobStatus, ProgressEvent } from './generated/wire.js';

/** Stream text as the server keeps it (resume contract): whole text so far, the next chunk index, whether it was cut. */
export interface StreamText {
  text: string;
  next_index: number;
  cut?: boolean;
}

/**
 * An event as it may arrive: the schema's event plus the resume contract's position fields (`epoch`, `kept_seq`)
 * and the `streams` a SignalR snapshot carries. Servers that do not resume yet send neither.
 */
export type WireEvent = Omit<ProgressEvent, 'epoch' | 'kept_seq' | 'streams'> & {
  epoch?: string;
  kept_seq?: number;
  streams?: Record<string, StreamText> | null;
};

/** Where a job's client stands: keep it (for example in sessionStorage) to resume after a reload. */
export interface Cursor {
  /** The numbering the seq belongs to (16 hex digits), or null for a server that does not number epochs. */
  epoch: string | null;
  seq: number;
}

export interface AgentState {
  status: NonNullable<ProgressEvent['agent']>['status'];
  tool: string | null;
  confidence: number | null;
}

/** A job's state, folded from its events. A new object after every change (safe for React). */
export interface JobState {
  jobId: string;
  epoch: string | null;
  seq: number;
  status: JobStatus;
  progress: number;
  stage: string | null;
  stageProgress: number | null;
  etaSeconds: number | null;
  message: string | null;
  agents: Readonly<Record<string, AgentState>>;
  /** Each stream's text assembled from its chunks in index order, each chunk once. */
  streams: Readonly<Record<string, string>>;
  results: unknown;
  error: { code: string; message: string } | null;
}

/** The `resumed` reply of the resume contract. */
export interface ResumedReply {
  type: 'resumed';
  job_id: string;
  outcome: 'gapless' | 'truncated' | 'new_epoch';
  epoch: string | null;
  seq: number;
  kept_seq: number;
  snapshot: WireEvent | null;
  streams: Record<string, StreamText> | null;
  replay: number;
}

/** What a transport answers to a resume: the contract's reply, or a snapshot from a server that does not resume yet. */
export type ResumeResult = ResumedReply | { type: 'subscribed'; job_id: string; snapshot: WireEvent | null };

/** The client's connection: `offline` once closed, or while the browser says it is offline. */
export type ClientStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Callbacks a transport reports its connection's traffic to. One sink per connection attempt. */
export interface TransportSink {
  /** A decoded message that should be a progress event (the core validates it). */
  event(data: unknown): void;
  /** The connection ended; the client reconnects with backoff. Calls after the first are ignored. */
  closed(reason?: unknown): void;
  /** A frame that could not be decoded, or a message the transport did not understand. */
  malformed(detail: string): void;
  /** A problem reported by the server that belongs to no request. */
  error(code: string, message: string, jobId?: string): void;
}

/**
 * What a transport adapter implements; small on purpose (SignalR, API Gateway, AppSync, and later SSE).
 * Methods may reject with a {@link ProgressError} whose `code` is the server's error code.
 */
export interface Transport {
  /** Opens one connection; resolves when it can carry requests, rejects when this attempt failed. */
  open(sink: TransportSink): Promise<void>;
  /** Subscribes to a job and resumes after the cursor (null: from the server's snapshot). */
  resume(jobId: string, cursor: Cursor | null): Promise<ResumeResult>;
  /** Stops receiving a job's events. Never throws. */
  unsubscribe(jobId: string): void;
  /** Asks the server to cancel the job. */
  cancel(jobId: string): Promise<void>;
  /** Also receive the events of the current user's jobs (optional). */
  watchMyJobs?(): Promise<void>;
  /** Closes the connection for good. Never throws. */
  close(): void;
}


/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

