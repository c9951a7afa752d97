import { useMemo, useSyncExternalStore } from 'react';
import type { ProgressClient } from './client.js';
import type { ProgressError } from './errors.js';
import type { Job, WatchOptions } from './job.js';
import type { JobState } from './types.js';

/** What `useJob` returns: the job's state (null before the first event), how it ended, and its handle. */
export interface JobSnapshot {
  state: JobState | null;
  /** The error `done` rejected with (failed, cancelled, refused), or null. */
  error: ProgressError | null;
  /** True once `done` settled. */
  finished: boolean;
  job: Job | null;
}

const EMPTY: JobSnapshot = { state: null, error: null, finished: false, job: null };

/** The store behind `useJob`: watches the job while anything subscribes, closes the watch when the last one leaves. */
export function createJobStore(client: ProgressClient, jobId: string | null | undefined, options: WatchOptions = {}) {
  const listeners = new Set<() => void>();
  let snapshot = EMPTY;
  let job: Job | null = null;
  const set = (next: Partial<JobSnapshot>) => {
    snapshot = { ...snapshot, ...next };
    listeners.forEach((l) => l());
  };
  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      if (!job && jobId) {
        const current = client.watch(jobId, {
          ...options,
          onState(state) {
            if (job === current) set({ state });
            options.onState?.(state);
          },
        });
        job = current;
        snapshot = { ...snapshot, job: current };
        current.done.then(
          (state) => { if (job === current) set({ state, finished: true }); },
          (error: ProgressError) => { if (job === current && error.code !== 'closed') set({ error, finished: true }); },
        );
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && job) {
          const closing = job;
          job = null;
          closing.close();
        }
      };
    },
    getSnapshot: (): JobSnapshot => snapshot,
  };
}

/**
 * Follows a job in a React component (React 18+, `useSyncExternalStore`). A new `jobId` starts a new watch; the watch
 * closes when the component unmounts. `options` are read when the watch starts.
 */
export function useJob(client: ProgressClient, jobId: string | null | undefined, options?: WatchOptions): JobSnapshot {
  // A new watch per client and job, not per options object (often a new literal on every render).
  const store = useMemo(() => createJobStore(client, jobId, options), [client, jobId]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
