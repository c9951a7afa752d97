import type { ResumedReply, WireEvent } from './types.js';

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const isCount = (v: unknown, min = 0) => Number.isSafeInteger(v) && (v as number) >= min;
const isEpoch = (v: unknown) => v == null || typeof v === 'string';

/** Whether a decoded message has what the client relies on; anything else counts as malformed. */
export function isEvent(v: unknown): v is WireEvent {
  if (!isObject(v)) return false;
  const { chunk, agent } = v as { chunk?: Record<string, unknown>; agent?: Record<string, unknown> };
  return typeof v.job_id === 'string' && typeof v.type === 'string' && typeof v.status === 'string' &&
    typeof v.progress === 'number' && isCount(v.seq, 1) && isEpoch(v.epoch) && (v.kept_seq == null || isCount(v.kept_seq)) &&
    (agent == null || typeof agent.name === 'string') &&
    (chunk == null || (isCount(chunk.index) && typeof chunk.text === 'string' && typeof chunk.stream === 'string'));
}

/** Whether a `resumed` reply has what the client relies on (the resume contract's fields), whatever the transport. */
export function isResumed(v: unknown): v is ResumedReply {
  return isObject(v) && ['gapless', 'truncated', 'new_epoch'].includes(v.outcome as string) && isCount(v.seq) && isCount(v.kept_seq) &&
    isEpoch(v.epoch) && (v.snapshot == null || isEvent(v.snapshot)) && (v.streams == null || isObject(v.streams));
}

/** Parses one text frame; undefined when it is not JSON. */
export function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
