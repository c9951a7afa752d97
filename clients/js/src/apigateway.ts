import { ProgressError, toProgressError } from './errors.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS, createWaiters, disconnected, openSocket, type SocketOptions, type WebSocketLike,
} from './socket.js';
import type { Cursor, ResumedReply, ResumeResult, Transport } from './types.js';

export type { SocketOptions, WebSocketConstructor, WebSocketLike } from './socket.js';

export interface ApiGatewayTransportOptions extends SocketOptions {
  /** The WebSocket API's URL, for example `wss://abc.execute-api.eu-west-1.amazonaws.com/prod`. */
  url: string;
  protocols?: string | string[];
}

/**
 * API Gateway WebSocket transport. Sends `{"action": ..., "job_id": ...}` frames (`resume`, falling back to
 * `subscribe` when the server answers `unknown_action`; `unsubscribe`, `subscribe_my_jobs`, `cancel_job`); every
 * frame that is not a reply is an event.
 */
export function apiGatewayTransport(options: ApiGatewayTransportOptions): Transport {
  const waiters = createWaiters(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  let socket: WebSocketLike | null = null; // open, for requests
  let latest: WebSocketLike | undefined; // the newest attempt's, open or not
  let resumeUnsupported = false;

  function send(message: Record<string, unknown>): void {
    if (!socket) throw disconnected();
    socket.send(JSON.stringify(message));
  }

  function request<T>(replyType: string, message: Record<string, unknown>): Promise<T> {
    const key = `${replyType}:${String(message.job_id)}`;
    const reply = waiters.wait<T>(key, `${String(message.action)} ${String(message.job_id)}`);
    try {
      send(message);
    } catch (e) {
      waiters.settle(key, e as Error);
    }
    return reply;
  }

  return {
    async open(out) {
      socket = await openSocket(options.url, options.protocols, options, out, null, {
        frame(msg) {
          const jobId = typeof msg.job_id === 'string' ? msg.job_id : undefined;
          // Replies settle their request (the core checks a resumed reply); anything else with a job id is an event.
          if (msg.type === 'resumed' || msg.type === 'subscribed' || msg.type === 'status') {
            if (jobId === undefined) out.malformed('reply without job_id');
            else waiters.settle(`${msg.type}:${jobId}`, null, msg);
          } else if (msg.type === 'error') {
            const code = typeof msg.code === 'string' ? msg.code : 'error';
            const error = new ProgressError(code, typeof msg.message === 'string' ? msg.message : code, jobId);
            const settled = jobId === undefined
              // An older server answers `resume` with unknown_action, maybe without job_id: every resume falls back.
              ? code === 'unknown_action' && waiters.rejectAll(error, 'resumed:')
              : waiters.settle(`resumed:${jobId}`, error) || waiters.settle(`subscribed:${jobId}`, error);
            if (!settled) out.error(code, error.message, jobId);
          } else if (jobId !== undefined) {
            out.event(msg);
          } else if (typeof msg.message === 'string') {
            // API Gateway's own frames, e.g. {"message":"Internal server error","connectionId":...}.
            out.error('gateway_error', msg.message);
          } else {
            out.malformed('not an event or reply');
          }
        },
        created: (ws) => void (latest = ws),
        closed(wasOpen) {
          if (!wasOpen) return;
          socket = null;
          waiters.rejectAll(disconnected());
          out.closed();
        },
      });
      resumeUnsupported = false;
    },

    async resume(jobId: string, cursor: Cursor | null): Promise<ResumeResult> {
      if (!resumeUnsupported) {
        const after = cursor ? { after_seq: cursor.seq, epoch: cursor.epoch } : {};
        try {
          return await request<ResumedReply>('resumed', { action: 'resume', job_id: jobId, ...after });
        } catch (e) {
          if (toProgressError(e).code !== 'unknown_action') throw e;
          resumeUnsupported = true;
        }
      }
      const reply = await request<{ snapshot?: ResumeResult['snapshot'] }>('subscribed', { action: 'subscribe', job_id: jobId });
      return { type: 'subscribed', job_id: jobId, snapshot: reply.snapshot ?? null };
    },

    unsubscribe(jobId) {
      socket?.send(JSON.stringify({ action: 'unsubscribe', job_id: jobId }));
    },

    async cancel(jobId) {
      send({ action: 'cancel_job', job_id: jobId });
    },

    async watchMyJobs() {
      send({ action: 'subscribe_my_jobs' });
    },

    // Its close event ends the connection or the attempt (requests rejected, socket forgotten); the client no
    // longer listens.
    close() {
      latest?.close();
    },
  };
}
