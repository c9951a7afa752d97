/** Reconnect backoff defaults: the first retry within 0.5 s, doubling to at most 15 s. */
export const DEFAULT_BACKOFF_INITIAL_MS = 500;
export const DEFAULT_BACKOFF_MAX_MS = 15_000;

/**
 * "Full jitter": a uniformly random delay between 0 and the capped exponential bound, so that browsers dropped
 * together by a server restart spread out their reconnects.
 */
export function fullJitter(attempt: number, random: () => number, initialMs: number, maxMs: number): number {
  const bound = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * bound);
}
