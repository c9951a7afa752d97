import type { WireEvent } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a decoded message has what the client relies on; anything else counts as malformed. */
export function isEvent(v: unknown): v is WireEvent {
  if (!isObject(v)) return false;
  const { seq, chunk, agent } = v as { seq: unknown; chunk?: Record<string, unknown>; agent?: Record<string, unknown> };
  return typeof v.job_id === 'string' && typeof v.type === 'string' && typeof v.status === 'string' &&
    typeof v.progress === 'number' && Number.isSafeInteger(seq) && (seq as number) > 0 &&
    (v.epoch == null || typeof v.epoch === 'string') && (v.kept_seq == null || Number.isSafeInteger(v.kept_seq)) &&
    (agent == null || typeof agent.name === 'string') &&
    (chunk == null || (Number.isSafeInteger(chunk.index) && typeof chunk.text === 'string' && typeof chunk.stream === 'string'));
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

export { isObject };
