import { HubConnectionBuilder } from '@microsoft/signalr';
import { ProgressError } from './errors.js';
import { isObject } from './frames.js';
import type { Cursor, ResumedReply, ResumeResult, Transport, TransportSink, WireEvent } from './types.js';

/** The part of `@microsoft/signalr`'s HubConnection the adapter uses. */
export interface HubConnectionLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  on(method: string, handler: (...args: unknown[]) => void): void;
  onclose(callback: (error?: Error) => void): void;
}

export interface SignalRTransportOptions {
  /** The hub's URL, for example `/hubs/progress`. */
  url: string;
  /**
   * Builds the connection, for example to add `accessTokenFactory` or logging. Default:
   * `new HubConnectionBuilder().withUrl(url).build()`. Do not add automatic reconnect: the client reconnects.
   */
  connection?: (url: string) => HubConnectionLike;
}

const messageOf = (e: unknown) => String((e as Error | null)?.message ?? e);

// The wire format is snake_case; a hub left on SignalR's default camelCase JSON sends "jobId", "keptSeq"... Map such
// keys back (also inside agent, chunk, error, snapshot and each stream); metadata and results are the app's data.
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const NESTED = new Set(['agent', 'chunk', 'error', 'snapshot']);
function normalize(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const k = snake(key);
    if (NESTED.has(k)) out[k] = normalize(v);
    else if (k === 'streams' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, normalize(s)]));
    else out[k] = v;
  }
  return out;
}

/** The server's code from a HubException ("... HubException: forbidden: You may not ..."), else a transport code. */
function toError(e: unknown, jobId: string): ProgressError {
  const message = messageOf(e);
  const code =
    /HubException: ([a-z_]+)(?::|$)/.exec(message)?.[1] ??
    /^([a-z_]+): /.exec(message)?.[1] ??
    (/connection|not in the 'Connected' State|canceled/i.test(message) ? 'disconnected' : 'transport_error');
  return new ProgressError(code, message, jobId);
}

/**
 * SignalR transport for ProgressKit's hub (peer dependency `@microsoft/signalr`). Server to client: `progress`;
 * client to server: `Resume(jobId, afterSeq, epoch)` (or `Subscribe(jobId)` for the snapshot and on hubs that do not
 * have Resume yet), `Unsubscribe`, `SubscribeToMyJobs`, `CancelJob`.
 */
export function signalRTransport(options: SignalRTransportOptions): Transport {
  let connection: HubConnectionLike | null = null;
  let sink: TransportSink | null = null;
  let resumeUnsupported = false;

  function build(): HubConnectionLike {
    const c = options.connection?.(options.url) ?? new HubConnectionBuilder().withUrl(options.url).build();
    c.on('progress', (evt: unknown) => {
      try {
        sink?.event(normalize(evt));
      } catch {
        sink?.malformed('unreadable');
      }
    });
    c.onclose(() => {
      const out = sink;
      sink = null;
      out?.closed();
    });
    return c;
  }

  async function invoke<T>(method: string, jobId: string, ...args: unknown[]): Promise<T> {
    if (!connection || !sink) throw new ProgressError('disconnected', undefined, jobId);
    try {
      return await connection.invoke<T>(method, jobId, ...args);
    } catch (e) {
      throw toError(e, jobId);
    }
  }

  async function subscribe(jobId: string): Promise<ResumeResult> {
    const snapshot = normalize(await invoke('Subscribe', jobId));
    return { type: 'subscribed', job_id: jobId, snapshot: (snapshot ?? null) as WireEvent | null };
  }

  return {
    async open(out) {
      connection ??= build();
      sink = null;
      await connection.start();
      sink = out;
      resumeUnsupported = false;
    },

    async resume(jobId: string, cursor: Cursor | null): Promise<ResumeResult> {
      if (resumeUnsupported) return subscribe(jobId);
      try {
        // Without a cursor, resume from the job's start (seq 0 of its current epoch): a late joiner gets every event
        // the server still holds (agents included), or, past its bound, the snapshot with the whole streamed text.
        // The core checks the reply (a malformed one is counted, reported and retried).
        const reply = normalize(await invoke('Resume', jobId, cursor?.seq ?? 0, cursor?.epoch ?? null));
        return { ...(reply as ResumedReply), type: 'resumed', job_id: jobId };
      } catch (e) {
        if (!/Method does not exist|Unknown hub method/i.test(messageOf(e))) throw e;
        resumeUnsupported = true;
        return subscribe(jobId);
      }
    },

    unsubscribe(jobId) {
      if (sink) connection?.invoke('Unsubscribe', jobId).catch(() => {});
    },

    async cancel(jobId) {
      await invoke('CancelJob', jobId);
    },

    async watchMyJobs() {
      if (!connection || !sink) throw new ProgressError('disconnected');
      await connection.invoke('SubscribeToMyJobs');
    },

    close() {
      sink = null;
      connection?.stop().catch(() => {});
    },
  };
}
