import { ProgressError } from './errors.js';
import { isObject, parseJson } from './frames.js';
import type { TransportSink } from './types.js';

/** The part of the browser's WebSocket the adapters use (`ws`'s WebSocket has it too). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** What both WebSocket adapters take besides their URL. */
export interface SocketOptions {
  /** The WebSocket constructor; default: the browser's (in Node, pass `ws`'s). */
  WebSocket?: WebSocketConstructor;
  /** How long a connection attempt may take; default 10000 ms. */
  connectTimeoutMs?: number;
  /** How long a request waits for its reply; default 10000 ms. */
  requestTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export const disconnected = () => new ProgressError('disconnected');

/** What an adapter does with one socket: its frames, and its end. */
export interface SocketHandler {
  /**
   * A frame decoded to a JSON object. `open()` ends the attempt (resolves; `open(error)` rejects and closes). A
   * handler that throws has met a frame it cannot read: it is reported as malformed, never thrown into the page.
   */
  frame(msg: Record<string, unknown>, open: (error?: Error) => void): void;
  /** The socket closed; `wasOpen` false when the attempt failed (the promise rejected). */
  closed(wasOpen: boolean): void;
  /** The attempt's socket, as soon as it exists (so that the transport's close can end an attempt too). */
  created(ws: WebSocketLike): void;
}

/**
 * Opens one WebSocket for one connection attempt. Resolves when the handler calls `open()` (without `init`: as soon as
 * the socket opens; with it: `init` is sent first); rejects on `open(error)`, on close and on the connect timeout
 * before that.
 */
export function openSocket(
  url: string, protocols: string | string[] | undefined, options: SocketOptions, out: TransportSink,
  init: string | null, handler: SocketHandler,
): Promise<WebSocketLike> {
  return new Promise((resolve, reject) => {
    const ws = new (options.WebSocket ?? (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket)(url, protocols);
    let isOpen = false;
    handler.created(ws);
    const open = (error?: Error) => {
      clearTimeout(timer);
      if (isOpen) return;
      if (error) {
        // This attempt is over: its close must not count as the end of a live connection.
        ws.onclose = null;
        ws.close();
        handler.closed(false);
        return reject(error);
      }
      isOpen = true;
      resolve(ws);
    };
    const timer = setTimeout(() => open(new ProgressError('connect_timeout')), options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    ws.onopen = () => (init ? ws.send(init) : open());
    ws.onerror = () => {}; // always followed by close
    ws.onmessage = (ev) => {
      const msg = parseJson(ev.data);
      try {
        if (isObject(msg)) handler.frame(msg, open);
        else out.malformed('not JSON');
      } catch {
        out.malformed('unreadable');
      }
    };
    ws.onclose = () => {
      clearTimeout(timer);
      handler.closed(isOpen);
      if (!isOpen) reject(new ProgressError('connect_failed'));
    };
  });
}

interface Waiter {
  key: string;
  settle(error: Error | null, value?: unknown): void;
}

/** Requests waiting for a reply, by key (several may share one), oldest first. */
export function createWaiters(timeoutMs: number) {
  let list: Waiter[] = [];
  return {
    wait<T>(key: string, what: string): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          list = list.filter((x) => x !== waiter);
          reject(new ProgressError('timeout', what));
        }, timeoutMs);
        const waiter: Waiter = { key, settle: (e, v) => { clearTimeout(timer); if (e) reject(e); else resolve(v as T); } };
        list.push(waiter);
      });
    },
    /** Settles the oldest request with this key; false when there is none. */
    settle(key: string, error: Error | null, value?: unknown): boolean {
      const i = list.findIndex((w) => w.key === key);
      if (i >= 0) list.splice(i, 1)[0]!.settle(error, value);
      return i >= 0;
    },
    /** Rejects every request whose key starts with `prefix` (all by default); false when there was none. */
    rejectAll(error: Error, prefix = ''): boolean {
      const gone = list.filter((w) => w.key.startsWith(prefix));
      list = list.filter((w) => !gone.includes(w));
      gone.forEach((w) => w.settle(error));
      return gone.length > 0;
    },
  };
}
