// useJob on useSyncExternalStore, rendered with react-test-renderer (no DOM needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { act, createElement } from 'react';
import TestRenderer from 'react-test-renderer';
import { createJobStore, useJob } from '../dist/react.js';
import { ev, flush, liveClient, resumed } from './helpers.mjs';

globalThis.IS_REACT_ACT_ENVIRONMENT = true;
// React 19 warns once per renderer that react-test-renderer is deprecated; it is still the DOM-free way to run hooks.
const consoleError = console.error;
console.error = (...args) => { if (!String(args[0]).includes('react-test-renderer is deprecated')) consoleError(...args); };

function render(client, jobId) {
  const seen = [];
  function Probe({ id }) {
    const snapshot = useJob(client, id);
    seen.push(snapshot);
    return null;
  }
  let renderer;
  act(() => { renderer = TestRenderer.create(createElement(Probe, { id: jobId })); });
  return { seen, renderer, Probe };
}

test('useJob_RendersEachStateAndTheEnd', async () => {
  const t = await liveClient();
  const { seen, renderer } = render(t.client, 'job-1');
  assert.equal(seen.at(-1).state, null);
  await act(async () => { await t.connect(); });
  await act(async () => { t.transport.resumes[0].resolve(resumed('truncated')); await flush(); });
  await act(async () => { t.transport.sink.event(ev('job_started', 1)); });
  assert.equal(seen.at(-1).state.seq, 1);
  await act(async () => { t.transport.sink.event(ev('job_failed', 2, { error: { code: 'boom', message: 'no' } })); await flush(); });
  assert.equal(seen.at(-1).finished, true);
  assert.equal(seen.at(-1).error.code, 'boom');
  assert.equal(seen.at(-1).state.status, 'failed');
  act(() => renderer.unmount());
  assert.deepEqual(t.transport.unsubscribes, ['job-1']);
});

test('useJob_NewJobId_ClosesTheOldWatchAndStartsANewOne', async () => {
  const t = await liveClient();
  const { renderer, Probe, seen } = render(t.client, 'job-1');
  await act(async () => { await t.connect(); });
  act(() => renderer.update(createElement(Probe, { id: 'job-2' })));
  assert.deepEqual(t.transport.unsubscribes, ['job-1']);
  assert.deepEqual(t.transport.resumes.map((r) => r.jobId), ['job-1', 'job-2']);
  assert.equal(seen.at(-1).job.jobId, 'job-2');
  act(() => renderer.unmount());
});

test('useJob_NoJobId_WatchesNothing', async () => {
  const t = await liveClient();
  const { seen, renderer } = render(t.client, null);
  assert.deepEqual(seen.at(-1), { state: null, error: null, finished: false, job: null });
  assert.equal(t.transport.opens.length, 0);
  act(() => renderer.unmount());
});

test('jobStore_LastListenerLeaves_ClosesTheWatch', async () => {
  const t = await liveClient();
  const store = createJobStore(t.client, 'job-1');
  const stopA = store.subscribe(() => {});
  const stopB = store.subscribe(() => {});
  await t.connect();
  stopA();
  assert.deepEqual(t.transport.unsubscribes, []);
  stopB();
  assert.deepEqual(t.transport.unsubscribes, ['job-1']);
});
