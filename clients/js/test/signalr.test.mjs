// The SignalR adapter against a scripted fake HubConnection (the real hub is in signalr-server.test.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgressClient } from '../dist/index.js';
import { signalRTransport } from '../dist/signalr.js';
import { ev, flush, until } from './helpers.mjs';
import { queue } from './socket-server.mjs';

/** A HubConnection whose invocations the test answers. */
function fakeHub() {
  const hub = {
    handlers: {}, closeCallbacks: [], starts: 0, stops: 0, calls: queue(),
    start: async () => { hub.starts++; if (hub.failStart) throw new Error('refused'); },
    stop: async () => { hub.stops++; },
    on(name, fn) { hub.handlers[name] = fn; },
    onclose(fn) { hub.closeCallbacks.push(fn); },
    invoke(method, ...args) { return new Promise((resolve, reject) => hub.calls.push({ method, args, resolve, reject })); },
    push: (evt) => hub.handlers.progress(evt),
    drop: () => hub.closeCallbacks.forEach((fn) => fn(new Error('gone'))),
  };
  return hub;
}

function client(hub, extra = {}) {
  const errors = queue();
  const c = createProgressClient({
    transport: signalRTransport({ url: '/hubs/progress', connection: () => hub }),
    random: () => 0, environment: {}, onError: (e) => errors.push(e), ...extra,
  });
  return { client: c, errors };
}

const hubError = (text) => new Error(`An unexpected error occurred invoking 'X' on the server. HubException: ${text}`);

test('signalr_NoCursor_ResumesFromTheStart_FallsBackToSubscribe_NormalizesCamelCase', async (t) => {
  const hub = fakeHub();
  const { client: c } = client(hub);
  t.after(() => c.close());
  const job = c.watch('job-1');
  const resume = await hub.calls.next();
  assert.deepEqual([resume.method, resume.args], ['Resume', ['job-1', 0, null]], 'a late joiner asks for every event from the start');
  resume.reject(new Error("Failed to invoke 'Resume' due to an error on the server. HubException: Method does not exist."));
  const call = await hub.calls.next();
  assert.deepEqual([call.method, call.args], ['Subscribe', ['job-1']]);
  call.resolve({ v: 1, type: 'stage_started', jobId: 'job-1', seq: 2, timestamp: 't', status: 'processing', progress: 5, stage: 'a', stageProgress: 0 });
  await flush();
  hub.push({ v: 1, type: 'agent_status', jobId: 'job-1', seq: 3, timestamp: 't', status: 'processing', progress: 6, stage: 'a', stageProgress: 10, agent: { name: 'geo', status: 'calling_tool', tool: 'maps' } });
  assert.equal(job.state.seq, 3);
  assert.equal(job.state.stageProgress, 10);
  assert.deepEqual(job.state.agents.geo, { status: 'calling_tool', tool: 'maps', confidence: null });
});

test('signalr_Cursor_ResumesAndFallsBackWhenHubHasNoResume', async (t) => {
  const hub = fakeHub();
  const { client: c } = client(hub);
  t.after(() => c.close());
  const job = c.watch('job-1', { cursor: { epoch: '0000000000010001', seq: 7 } });
  const resume = await hub.calls.next();
  assert.deepEqual([resume.method, resume.args], ['Resume', ['job-1', 7, '0000000000010001']]);
  resume.reject(new Error("Failed to invoke 'Resume' due to an error on the server. HubException: Method does not exist."));
  const subscribe = await hub.calls.next();
  assert.deepEqual([subscribe.method, subscribe.args], ['Subscribe', ['job-1']]);
  subscribe.resolve(ev('progress_update', 9));
  await until(() => job.state.seq === 9, 'seq 9');
  // Later resumes on this connection go straight to Subscribe; a new connection asks for Resume again.
  c.watch('job-2', { cursor: { epoch: '0000000000010001', seq: 1 } });
  assert.deepEqual((await hub.calls.next()).args, ['job-2']);
  hub.drop();
  const again = [await hub.calls.next(), await hub.calls.next()];
  assert.deepEqual(again.map((x) => x.method), ['Resume', 'Resume']);
  assert.equal(hub.starts, 2);
});

test('signalr_ResumeReply_CamelCaseGaplessAndTruncated', async (t) => {
  const hub = fakeHub();
  const { client: c } = client(hub);
  t.after(() => c.close());
  const job = c.watch('job-1', { cursor: { epoch: '0000000000010001', seq: 7 } });
  const resume = await hub.calls.next();
  // Replayed events arrive before the invocation's result.
  hub.push(ev('job_started', 8, { epoch: '0000000000010001', kept_seq: 5 }));
  resume.resolve({ type: 'resumed', jobId: 'job-1', outcome: 'gapless', epoch: '0000000000010001', seq: 8, keptSeq: 5, snapshot: null, streams: null, replay: 1 });
  await until(() => job.state.seq === 8, 'seq 8');
  hub.push(ev('job_complete', 12, { epoch: '0000000000010001', kept_seq: 9 })); // kept_seq 9 > 6: a loss
  const second = await hub.calls.next();
  assert.deepEqual(second.args, ['job-1', 8, '0000000000010001']);
  second.resolve({
    type: 'resumed', jobId: 'job-1', outcome: 'truncated', epoch: '0000000000010001', seq: 12, keptSeq: 9, replay: 0,
    snapshot: { ...ev('job_complete', 12), keptSeq: 9, epoch: '0000000000010001' },
    streams: { answerText: { text: 'done', nextIndex: 2, cut: false } },
  });
  const state = await job.done;
  assert.deepEqual(state.streams, { answerText: 'done' });
});

test('signalr_HubExceptionCode_RejectsDone', async (t) => {
  const hub = fakeHub();
  const { client: c } = client(hub);
  t.after(() => c.close());
  const job = c.watch('job-1');
  (await hub.calls.next()).reject(hubError('forbidden: You may not access job job-1.'));
  await assert.rejects(job.done, { code: 'forbidden' });
  assert.equal(hub.calls.items.length, 0);
});

test('signalr_CancelMyJobsAndMalformed', async (t) => {
  const hub = fakeHub();
  const { client: c, errors } = client(hub);
  t.after(() => c.close());
  const job = c.watch('job-1');
  c.watchMyJobs({ onState() {} });
  const first = [await hub.calls.next(), await hub.calls.next()];
  assert.deepEqual(first.map((x) => x.method).sort(), ['Resume', 'SubscribeToMyJobs']);
  first.forEach((x) => x.resolve(x.method === 'Resume'
    ? { type: 'resumed', job_id: 'job-1', outcome: 'truncated', epoch: null, seq: 0, kept_seq: 0, snapshot: null, streams: {}, replay: 0 }
    : null));
  const cancelling = job.cancel();
  const cancel = await hub.calls.next();
  assert.deepEqual([cancel.method, cancel.args], ['CancelJob', ['job-1']]);
  cancel.reject(hubError('job_not_found: Job job-1 has already ended.'));
  await assert.rejects(cancelling, { code: 'job_not_found' });
  hub.push(null);
  hub.push({ jobId: 'job-1' });
  assert.equal((await errors.next()).code, 'malformed_frame');
  assert.equal(c.malformedFrames, 2);
  c.close();
  assert.equal(hub.stops, 1);
});

test('signalr_StartFails_RetriesWithBackoff', async (t) => {
  const hub = fakeHub();
  hub.failStart = true;
  const { client: c, errors } = client(hub);
  t.after(() => c.close());
  c.watch('job-1');
  assert.equal((await errors.next()).code, 'connect_failed');
  assert.equal((await errors.next()).code, 'connect_failed');
  hub.failStart = false;
  assert.equal((await hub.calls.next()).method, 'Resume');
  assert.equal(c.status, 'live');
});

test('signalr_MalformedResumeReply_CountedReportedAndRetried', async (t) => {
  const hub = fakeHub();
  const { client: c, errors } = client(hub);
  t.after(() => c.close());
  const job = c.watch('job-1');
  (await hub.calls.next()).resolve(null);
  assert.equal((await errors.next()).code, 'malformed_frame');
  (await hub.calls.next()).resolve({ type: 'resumed', jobId: 'job-1', outcome: 'gapless', seq: 'x', keptSeq: 0 });
  assert.equal((await errors.next()).code, 'malformed_frame');
  assert.equal(c.malformedFrames, 2);
  (await hub.calls.next()).resolve({ type: 'resumed', jobId: 'job-1', outcome: 'truncated', epoch: null, seq: 4, keptSeq: 4, snapshot: ev('job_complete', 4), streams: {}, replay: 0 });
  assert.equal((await job.done).seq, 4);
});
