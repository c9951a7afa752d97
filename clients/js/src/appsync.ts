import { ProgressError } from './errors.js';
import { isObject, parseJson } from './frames.js';
import {
  DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, base64, createWaiters, disconnected, socketConstructor,
  type WebSocketConstructor, type WebSocketLike,
} from './socket.js';
import type { ResumeResult, Transport, TransportSink, WireEvent } from './types.js';

export type { WebSocketConstructor, WebSocketLike } from './socket.js';

export interface AppSyncTransportOptions {
  /** The real-time endpoint, for example `wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql`. */
  realtimeUrl: string;
  /** The GraphQL endpoint's host, for example `abc.appsync-api.eu-west-1.amazonaws.com`. */
  host: string;
  /** API key auth. */
  apiKey?: string;
  /** Bearer-token auth (Cognito user pools, OIDC, Lambda): the token, or a function that returns a fresh one. */
  token?: string | (() => string | Promise<string>);
  /** AppSync has no cancel path from the browser: called by `job.cancel()` (for example your own HTTP API). */
  cancel?: (jobId: string) => Promise<void>;
  /** Optional: the job's newest event from your own API, fetched once the subscription is live (AppSync does not replay). */
  snapshot?: (jobId: string) => Promise<unknown>;
  /** The subscription field; default `onJobProgress` (as in ProgressKit's AppSync schema). */
  field?: string;
  /** The selection set; default {@link DEFAULT_FIELDS} (leave out `epoch kept_seq` for a schema without them). */
  fields?: string;
  WebSocket?: WebSocketConstructor;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** The fields of docs/appsync-schema.graphql's ProgressEvent (a schema from before `epoch`/`kept_seq`: pass `fields`). */
export const DEFAULT_FIELDS =
  'v job_id epoch seq kept_seq type status progress stage stage_progress message estimated_seconds_remaining timestamp ' +
  'user_id tenant_id correlation_id source agent chunk results error metadata truncated';
const DEFAULT_KEEPALIVE_TIMEOUT_MS = 300_000;

/**
 * GraphQL answers null for every field the publisher left out (the wire format omits them), and AWSJSON fields
 * (agent, chunk, results, error, metadata) as JSON text, sometimes twice encoded.
 */
function fromAppSync(data: Record<string, unknown>, jobId: string): Record<string, unknown> {
  const evt: Record<string, unknown> = { job_id: jobId };
  for (let [key, value] of Object.entries(data)) {
    for (let i = 0; i < 2 && typeof value === 'string' && /^(agent|chunk|results|error|metadata)$/.test(key); i++) value = parseJson(value) ?? value;
    if (value != null) evt[key] = value;
  }
  return evt;
}

/**
 * AppSync GraphQL subscriptions over AWS's real-time protocol (subprotocol `graphql-ws`: connection_init/ack,
 * start/start_ack/data/error, ka, stop), written here without the AWS SDK. Auth: API key or bearer token.
 */
export function appSyncTransport(options: AppSyncTransportOptions): Transport {
  const field = options.field ?? 'onJobProgress';
  const query = `subscription($job_id: ID!) { ${field}(job_id: $job_id) { ${options.fields ?? DEFAULT_FIELDS} } }`;
  const acks = createWaiters(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const subscriptions = new Map<string, string>(); // job id -> subscription id, on the current socket
  let socket: WebSocketLike | null = null;
  let auth: Record<string, string> = {};
  let nextId = 0;

  async function authHeader(): Promise<Record<string, string>> {
    if (options.apiKey !== undefined) return { host: options.host, 'x-api-key': options.apiKey };
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (!token) throw new ProgressError('unauthenticated');
    return { host: options.host, Authorization: token };
  }

  const jobOf = (id: string) => [...subscriptions].find(([, s]) => s === id)?.[0];

  return {
    async open(out) {
      auth = await authHeader();
      const url = `${options.realtimeUrl}?header=${encodeURIComponent(base64(JSON.stringify(auth)))}&payload=e30=`;
      return new Promise<void>((resolve, reject) => {
        const ws = new (socketConstructor(options.WebSocket))(url, ['graphql-ws']);
        let ready = false;
        let watchdog: ReturnType<typeof setTimeout> | undefined;
        let keepAliveMs = DEFAULT_KEEPALIVE_TIMEOUT_MS;
        const timer = setTimeout(() => {
          reject(new ProgressError('connect_timeout'));
          ws.onclose = null;
          ws.close();
        }, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init' }));
        ws.onerror = () => {};
        ws.onmessage = (ev) => {
          const m = parseJson(ev.data);
          if (!isObject(m)) return out.malformed('not JSON');
          const id = String(m.id);
          const payload = isObject(m.payload) ? m.payload : {};
          // AWS names it connectionTimeoutMs; the Amplify simulator connectionTimeout.
          if (m.type === 'connection_ack') keepAliveMs = Number(payload.connectionTimeoutMs ?? payload.connectionTimeout) || keepAliveMs;
          // AppSync sends "ka" well within the timeout; silence that long means a dead connection.
          clearTimeout(watchdog);
          watchdog = setTimeout(() => ws.close(), keepAliveMs);
          const data = isObject(payload.data) ? payload.data[field] : undefined;
          const jobId = jobOf(id);
          switch (m.type) {
            case 'connection_ack':
              ready = true;
              clearTimeout(timer);
              socket = ws;
              subscriptions.clear();
              return resolve();
            case 'start_ack':
              acks.settle(id, null);
              return;
            case 'data':
              if (jobId === undefined) return;
              return isObject(data) ? out.event(fromAppSync(data, jobId)) : out.malformed('no event');
            case 'error': {
              const errors = Array.isArray(payload.errors) ? (payload.errors as Array<Record<string, unknown>>) : [];
              const code = /Unauthorized/i.test(String(errors[0]?.errorType)) ? 'unauthenticated' : 'subscription_error';
              const error = new ProgressError(code, errors.map((e) => e.message ?? e.errorType).join('; '), jobId);
              if (!acks.settle(id, error)) return out.error(code, error.message, jobId);
              if (jobId !== undefined) subscriptions.delete(jobId);
              return;
            }
            // ka (the watchdog was reset above), complete, anything newer; a connection_error before the ack ends in
            // the connect timeout.
            default:
          }
        };
        ws.onclose = () => {
          clearTimeout(timer);
          clearTimeout(watchdog);
          if (!ready) return reject(new ProgressError('connect_failed'));
          if (socket !== ws) return;
          socket = null;
          acks.rejectAll(disconnected());
          out.closed();
        };
      });
    },

    async resume(jobId): Promise<ResumeResult> {
      if (!subscriptions.has(jobId)) {
        if (!socket) throw disconnected();
        const id = String(++nextId);
        subscriptions.set(jobId, id);
        const acked = acks.wait(id, `subscribe ${jobId}`);
        socket.send(JSON.stringify({
          id,
          type: 'start',
          payload: { data: JSON.stringify({ query, variables: { job_id: jobId } }), extensions: { authorization: auth } },
        }));
        try {
          await acked;
        } catch (e) {
          if (subscriptions.get(jobId) === id) subscriptions.delete(jobId);
          throw e;
        }
      }
      const snapshot = options.snapshot ? await options.snapshot(jobId) : null;
      return { type: 'subscribed', job_id: jobId, snapshot: (snapshot ?? null) as WireEvent | null };
    },

    unsubscribe(jobId) {
      const id = subscriptions.get(jobId);
      subscriptions.delete(jobId);
      if (id !== undefined) socket?.send(JSON.stringify({ type: 'stop', id }));
    },

    async cancel(jobId) {
      if (!options.cancel) throw new ProgressError('cancel_unsupported', undefined, jobId);
      await options.cancel(jobId);
    },

    close() {
      const ws = socket;
      socket = null;
      acks.rejectAll(disconnected());
      ws?.close();
    },
  };
}
