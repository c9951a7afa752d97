import type { WireEvent } from './types.js';

/** A job's position (resume contract): the last applied event's epoch, seq and kept_seq (null when unknown). */
export interface Position {
  epoch: string | null;
  seq: number;
  kept: number | null;
}

/** apply: in order; drop: duplicate or stale; loss: an event is missing before this one; reset: a new epoch from seq 1. */
export type Verdict = 'apply' | 'drop' | 'loss' | 'reset';

/**
 * The contract's rule. Events without epoch or kept_seq (servers that do not resume yet) are ordered by seq alone.
 * A skipped `progress_update` is a coalesced skip, not a loss: it does not count in kept_seq.
 */
export function classify(pos: Position | null, evt: WireEvent): Verdict {
  if (!pos) return 'apply';
  const epoch = evt.epoch ?? null;
  if (epoch !== null && pos.epoch !== null && epoch !== pos.epoch) {
    if (epoch < pos.epoch) return 'drop';
    return evt.seq === 1 ? 'reset' : 'loss';
  }
  if (evt.seq <= pos.seq) return 'drop';
  if (pos.kept === null || evt.kept_seq == null || epoch === null) return 'apply';
  const expected = pos.kept + (evt.type === 'progress_update' ? 0 : 1);
  return evt.kept_seq > expected ? 'loss' : 'apply';
}

/** Sorts buffered events by position: epoch (ordinal), then seq. */
export function byPosition(a: WireEvent, b: WireEvent): number {
  const ea = a.epoch ?? '';
  const eb = b.epoch ?? '';
  return ea === eb ? a.seq - b.seq : ea < eb ? -1 : 1;
}
