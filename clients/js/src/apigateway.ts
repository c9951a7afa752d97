import { ProgressError, toProgressError } from './errors.js';
import { isObject, parseJson } from './frames.js';
import {
  DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, createWaiters, disconnected, socketConstructor,
  type WebSocketConstructor, type WebSocketLike,
} from './socket.js';
import type { Cursor, ResumedReply, ResumeResult, Transport, TransportSink } from './types.js';

export type { WebSocketConstructor, WebSocketLike } from './socket.js';

export interface ApiGatewayTransportOptions {
  /** The WebSocket API's URL, for example `wss://abc.execute-api.eu-west-1.amazonaws.com/prod`. */
  url: string;
  /** The WebSocket constructor; default: the browser's (in Node, pass `ws`'s). */
  WebSocket?: WebSocketConstructor;
  protocols?: string | string[];
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const OUTCOMES = ['gapless', 'truncated', 'new_epoch'];

/**
 * API Gateway WebSocket transport. Sends `{"action": ..., "job_id": ...}` frames (`resume`, falling back to
 * `subscribe` when the server answers `unknown_action`; `unsubscribe`, `subscribe_my_jobs`, `cancel_job`); every
 * frame that is not a reply is an event.
 */
export function apiGatewayTransport(options: ApiGatewayTransportOptions): Transport {
  const waiters = createWaiters(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  let socket: WebSocketLike | null = null;
  let resumeUnsupported = false;

  function send(message: Record<string, unknown>): void {
    if (!socket) throw disconnected();
    socket.send(JSON.stringify(message));
  }

  async function request<T>(replyType: string, jobId: string, message: Record<string, unknown>): Promise<T> {
    const reply = waiters.wait<T>(`${replyType}:${jobId}`, `${String(message.action)} ${jobId}`);
    try {
      send(message);
    } catch (e) {
      waiters.settle(`${replyType}:${jobId}`, e as Error);
    }
    return reply;
  }

  function onFrame(out: TransportSink, data: unknown): void {
    const msg = parseJson(data);
    if (!isObject(msg)) return out.malformed('not JSON');
    const jobId = typeof msg.job_id === 'string' ? msg.job_id : undefined;
    switch (msg.type) {
      case 'resumed':
      case 'subscribed':
      case 'status':
        if (jobId === undefined) return out.malformed('reply without job_id');
        if (msg.type === 'resumed' && !(OUTCOMES.includes(msg.outcome as string) && typeof msg.seq === 'number')) {
          waiters.settle(`resumed:${jobId}`, new ProgressError('malformed_frame', 'bad resumed reply', jobId));
          return out.malformed('bad resumed reply');
        }
        waiters.settle(`${msg.type}:${jobId}`, null, msg);
        return;
      case 'error': {
        const code = typeof msg.code === 'string' ? msg.code : 'error';
        const error = new ProgressError(code, typeof msg.message === 'string' ? msg.message : code, jobId);
        // An older server answers `resume` with unknown_action (maybe without job_id): every resume falls back.
        if (code === 'unknown_action' && (jobId === undefined || waiters.has(`resumed:${jobId}`))) {
          return waiters.rejectAll(error, (key) => key === `resumed:${jobId}` || (jobId === undefined && key.startsWith('resumed:')));
        }
        if (jobId !== undefined && (waiters.settle(`resumed:${jobId}`, error) || waiters.settle(`subscribed:${jobId}`, error))) return;
        return out.error(code, error.message, jobId);
      }
      default:
        if (jobId !== undefined) return out.event(msg);
        // API Gateway's own frames, e.g. {"message":"Internal server error","connectionId":...}.
        if (typeof msg.message === 'string') return out.error('gateway_error', msg.message);
        return out.malformed('not an event or reply');
    }
  }

  return {
    open(out) {
      return new Promise<void>((resolve, reject) => {
        const ws = new (socketConstructor(options.WebSocket))(options.url, options.protocols);
        let opened = false;
        const timer = setTimeout(() => {
          reject(new ProgressError('connect_timeout'));
          ws.onclose = null;
          ws.close();
        }, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
        ws.onopen = () => {
          opened = true;
          clearTimeout(timer);
          socket = ws;
          resumeUnsupported = false;
          resolve();
        };
        ws.onmessage = (ev) => {
          if (socket !== ws) return;
          try {
            onFrame(out, ev.data);
          } catch {
            out.malformed('unreadable');
          }
        };
        ws.onerror = () => {}; // always followed by close
        ws.onclose = () => {
          clearTimeout(timer);
          if (!opened) return reject(new ProgressError('connect_failed'));
          if (socket !== ws) return;
          socket = null;
          waiters.rejectAll(disconnected());
          out.closed();
        };
      });
    },

    async resume(jobId: string, cursor: Cursor | null): Promise<ResumeResult> {
      if (!resumeUnsupported) {
        const after = cursor ? { after_seq: cursor.seq, epoch: cursor.epoch } : {};
        try {
          return await request<ResumedReply>('resumed', jobId, { action: 'resume', job_id: jobId, ...after });
        } catch (e) {
          if (toProgressError(e).code !== 'unknown_action') throw e;
          resumeUnsupported = true;
        }
      }
      const reply = await request<{ snapshot?: unknown }>('subscribed', jobId, { action: 'subscribe', job_id: jobId });
      return { type: 'subscribed', job_id: jobId, snapshot: (reply.snapshot ?? null) as ResumeResult['snapshot'] };
    },

    unsubscribe(jobId) {
      if (socket) socket.send(JSON.stringify({ action: 'unsubscribe', job_id: jobId }));
    },

    async cancel(jobId) {
      send({ action: 'cancel_job', job_id: jobId });
    },

    async watchMyJobs() {
      send({ action: 'subscribe_my_jobs' });
    },

    close() {
      const ws = socket;
      socket = null;
      waiters.rejectAll(disconnected());
      ws?.close();
    },
  };
}
