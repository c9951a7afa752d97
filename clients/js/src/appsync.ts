import { ProgressError } from './errors.js';
import { isObject, parseJson } from './frames.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, disconnected, openSocket, type SocketOptions, type WebSocketLike } from './socket.js';
import type { ResumeResult, Transport, WireEvent } from './types.js';

export type { SocketOptions, WebSocketConstructor, WebSocketLike } from './socket.js';

export interface AppSyncTransportOptions extends SocketOptions {
  /** The real-time endpoint, for example `wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql`. */
  realtimeUrl: string;
  /** The GraphQL endpoint's host, for example `abc.appsync-api.eu-west-1.amazonaws.com`. */
  host: string;
  /** API key auth. */
  apiKey?: string;
  /** Bearer-token auth (Cognito user pools, OIDC, Lambda): the token, or a function that returns a fresh one. */
  token?: string | (() => string | Promise<string>);
  /**
   * AppSync has no cancel path from the browser: `job.cancel()` calls this (for example your own HTTP API). Without
   * it, `job.cancel()` rejects with code `cancel_unsupported`.
   */
  cancel?: (jobId: string) => Promise<void>;
  /** Optional: the job's newest event from your own API, fetched once the subscription is live (AppSync does not replay). */
  snapshot?: (jobId: string) => Promise<unknown>;
  /**
   * The signed-in user's id, for `client.watchMyJobs()` (subscription `onUserProgress(user_id)`). Without it,
   * `watchMyJobs` reports code `my_jobs_unsupported`.
   */
  userId?: string;
  /** The job subscription field; default `onJobProgress` (as in ProgressKit's AppSync schema; `onUserProgress` for my jobs). */
  field?: string;
  /** The selection set; default {@link DEFAULT_FIELDS} (leave out `epoch kept_seq` for a schema without them). */
  fields?: string;
}

/** The fields of docs/appsync-schema.graphql's ProgressEvent (a schema from before `epoch`/`kept_seq`: pass `fields`). */
export const DEFAULT_FIELDS =
  'v job_id epoch seq kept_seq type status progress stage stage_progress message estimated_seconds_remaining timestamp ' +
  'user_id tenant_id correlation_id source agent chunk results error metadata truncated';
const DEFAULT_KEEPALIVE_TIMEOUT_MS = 300_000;
/** The key of the user subscription in the subscriptions map (job ids never contain a space). */
const MY_JOBS = ' my jobs';

/**
 * GraphQL answers null for every field the publisher left out (the wire format omits them), and AWSJSON fields
 * (agent, chunk, results, error, metadata) as JSON text, sometimes twice encoded.
 */
function fromAppSync(data: Record<string, unknown>, jobId: string | undefined): Record<string, unknown> {
  // A job subscription's events are that job's; a user subscription's name their job.
  const evt: Record<string, unknown> = { job_id: jobId };
  for (let [key, value] of Object.entries(data)) {
    for (let i = 0; i < 2 && typeof value === 'string' && /^(agent|chunk|results|error|metadata)$/.test(key); i++) value = parseJson(value) ?? value;
    if (value != null) evt[key] = value;
  }
  return evt;
}

/** An `error` or `connection_error` message's errors as one ProgressError (code `unauthenticated` when AppSync says so). */
function toError(payload: Record<string, unknown>, jobId?: string): ProgressError {
  const errors = payload.errors as Array<{ message?: unknown; errorType?: unknown } | null>;
  const code = /Unauthorized/i.test(JSON.stringify(errors)) ? 'unauthenticated' : 'subscription_error';
  return new ProgressError(code, errors?.map?.((e) => e?.message ?? e?.errorType).join('; '), jobId);
}

/**
 * AppSync GraphQL subscriptions over AWS's real-time protocol (subprotocol `graphql-ws`: connection_init/ack,
 * start/start_ack/data/error, ka, stop), written here without the AWS SDK. Auth: API key or bearer token.
 */
export function appSyncTransport(options: AppSyncTransportOptions): Transport {
  const field = options.field ?? 'onJobProgress';

  // The current socket's subscriptions by id: what each is for (a job id, or MY_JOBS), and, until AppSync acknowledges
  // it, the function that settles its start.
  const subscriptions = new Map<string, { key: string; ack?: (error?: Error) => void }>();
  // The newest attempt's socket, open or not: requests only come once it is open (the client is live then), and
  // close() ends an attempt too.
  let socket: WebSocketLike | null = null;
  let auth: Record<string, string> = {};
  let nextId = 0;

  async function authHeader(): Promise<Record<string, string>> {
    if (options.apiKey !== undefined) return { host: options.host, 'x-api-key': options.apiKey };
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (!token) throw new ProgressError('unauthenticated');
    return { host: options.host, Authorization: token };
  }

  /** Starts a subscription once per connection; resolves on its start_ack, rejects with AppSync's error. */
  async function subscribe(key: string, name: string, arg: string, value: string): Promise<void> {
    const query = `subscription($${arg}: ID!) { ${name}(${arg}: $${arg}) { ${options.fields ?? DEFAULT_FIELDS} } }`;
    if (idOf(key)) return;
    if (!socket) throw disconnected();
    const id = String(++nextId);
    socket.send(JSON.stringify({
      id,
      type: 'start',
      payload: { data: JSON.stringify({ query, variables: { [arg]: value } }), extensions: { authorization: auth } },
    }));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => sub.ack?.(new ProgressError('timeout', `subscribe ${value}`)), options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
      const sub = {
        key,
        ack(error?: Error) {
          clearTimeout(timer);
          delete sub.ack;
          if (!error) return resolve();
          if (subscriptions.get(id) === sub) subscriptions.delete(id);
          reject(error);
        },
      } as { key: string; ack?: (error?: Error) => void };
      subscriptions.set(id, sub);
    });
  }

  const idOf = (key: string) => [...subscriptions].find(([, s]) => s.key === key)?.[0];

  return {
    async open(out) {
      auth = await authHeader();
      // Header values are ASCII (a host, an API key, a JWT), so btoa can encode them.
      const url = `${options.realtimeUrl}?header=${encodeURIComponent(btoa(JSON.stringify(auth)))}&payload=e30=`;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      let keepAliveMs = DEFAULT_KEEPALIVE_TIMEOUT_MS;
      await openSocket(url, ['graphql-ws'], options, out, '{"type":"connection_init"}', {
        frame(m, open) {
          const id = String(m.id);
          const payload = isObject(m.payload) ? m.payload : {};
          // AWS names it connectionTimeoutMs; the Amplify simulator connectionTimeout.
          if (m.type === 'connection_ack') keepAliveMs = Number(payload.connectionTimeoutMs ?? payload.connectionTimeout) || keepAliveMs;
          // AppSync sends "ka" well within the timeout; silence that long means a dead connection.
          clearTimeout(watchdog);
          watchdog = setTimeout(() => socket?.close(), keepAliveMs);
          const sub = subscriptions.get(id);
          const key = sub?.key;
          const jobId = key === MY_JOBS ? undefined : key;
          switch (m.type) {
            case 'connection_ack': // the last connection's subscriptions were dropped when it closed
              return open();
            case 'connection_error':
              return open(toError(payload));
            case 'start_ack':
              return sub?.ack?.();
            case 'data': {
              if (key === undefined) return;
              // A subscription's data has one field: the event.
              const data = isObject(payload.data) ? Object.values(payload.data)[0] : undefined;
              return isObject(data) ? out.event(fromAppSync(data, jobId)) : out.malformed('no event');
            }
            case 'error': {
              const error = toError(payload, jobId);
              return sub?.ack ? sub.ack(error) : out.error(error.code, error.message, jobId);
            }
            // ka (the watchdog was reset above), complete, anything newer.
            default:
          }
        },
        created: (ws) => void (socket = ws),
        closed(wasOpen) {
          clearTimeout(watchdog);
          if (!wasOpen) return;
          socket = null;
          subscriptions.forEach((s) => s.ack?.(disconnected()));
          subscriptions.clear();
          out.closed();
        },
      });
    },

    async resume(jobId): Promise<ResumeResult> {
      await subscribe(jobId, field, 'job_id', jobId);
      const snapshot = options.snapshot ? await options.snapshot(jobId) : null;
      return { type: 'subscribed', job_id: jobId, snapshot: (snapshot ?? null) as WireEvent | null };
    },

    async watchMyJobs() {
      if (options.userId === undefined) throw new ProgressError('my_jobs_unsupported');
      await subscribe(MY_JOBS, 'onUserProgress', 'user_id', options.userId);
    },

    unsubscribe(jobId) {
      const id = idOf(jobId);
      if (id === undefined) return;
      subscriptions.delete(id);
      socket?.send(JSON.stringify({ type: 'stop', id }));
    },

    async cancel(jobId) {
      if (!options.cancel) throw new ProgressError('cancel_unsupported', undefined, jobId);
      await options.cancel(jobId);
    },

    // Its close event ends the connection or the attempt (requests rejected, socket forgotten); the client no
    // longer listens.
    close() {
      socket?.close();
    },
  };
}
