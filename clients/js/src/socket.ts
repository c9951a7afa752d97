import { ProgressError } from './errors.js';

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

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** The given constructor, else the browser's; a missing one fails the connection attempt (reported, retried). */
export const socketConstructor = (given: WebSocketConstructor | undefined): WebSocketConstructor =>
  given ?? (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket;

export const disconnected = () => new ProgressError('disconnected');

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
    has: (key: string) => list.some((w) => w.key === key),
    /** Settles the oldest request with this key; false when there is none. */
    settle(key: string, error: Error | null, value?: unknown): boolean {
      const i = list.findIndex((w) => w.key === key);
      if (i >= 0) list.splice(i, 1)[0]!.settle(error, value);
      return i >= 0;
    },
    rejectAll(error: Error, match: (key: string) => boolean = () => true) {
      const gone = list.filter((w) => match(w.key));
      list = list.filter((w) => !gone.includes(w));
      gone.forEach((w) => w.settle(error));
    },
  };
}

/** base64 of the UTF-8 bytes of `text` (btoa alone takes Latin-1 only). */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
