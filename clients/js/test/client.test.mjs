// The client: done semantics, refusals, not-found retry, reconnect backoff with full jitter, wake-ups, status,
// malformed frames, my jobs, cancel and close.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobCancelledError, JobFailedError, ProgressError, createProgressClient } from '../dist/index.js';
import { ev, flush, isPending, liveClient, manualTimers, resumed, scriptedTransport } from './helpers.mjs';

const refusal = (code) => new ProgressError(code, `${code}: refused`, 'job-1');

async function watching(options = {}) {
  const t = await liveClient(options);
  const jobErrors = [];
  const job = t.client.watch('job-1', { onError: (e) => jobErrors.push(e) });
  await t.connect();
  return { ...t, job, jobErrors };
}

test('done_JobComplete_ResolvesWithFinalState', async () => {
  const { transport, job } = await watching();
  transport.resumes[0].resolve(resumed('truncated'));
  await flush();
  transport.sink.event(ev('job_complete', 1, { results: [1, 2] }));
  const state = await job.done;
  assert.equal(state.status, 'completed');
  assert.deepEqual(state.results, [1, 2]);
});

test('done_JobFailed_RejectsWithCodeMessageAndState', async () => {
  const { transport, job } = await watching();
  transport.resumes[0].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: ev('job_failed', 4, { error: { code: 'abandoned', message: 'host stopped' } }) });
  const error = await job.done.catch((e) => e);
  assert.ok(error instanceof JobFailedError);
  assert.equal(error.code, 'abandoned');
  assert.equal(error.message, 'host stopped');
  assert.equal(error.state.seq, 4);
});

test('done_JobCancelled_RejectsWithCancelledError', async () => {
  const { transport, job } = await watching();
  transport.resumes[0].resolve(resumed('truncated'));
  await flush();
  transport.sink.event(ev('job_cancelled', 2, { message: 'user asked' }));
  const error = await job.done.catch((e) => e);
  assert.ok(error instanceof JobCancelledError);
  assert.equal(error.code, 'cancelled');
  assert.equal(error.state.status, 'cancelled');
});

for (const code of ['forbidden', 'unauthenticated', 'invalid_job_id']) {
  test(`done_Refused${code}_RejectsAtOnceWithoutRetry`, async () => {
    const { transport, job, timers, jobErrors, errors } = await watching();
    transport.resumes[0].reject(refusal(code));
    const error = await job.done.catch((e) => e);
    assert.equal(error.code, code);
    assert.equal(timers.pending.length, 0);
    assert.equal(transport.resumes.length, 1);
    assert.deepEqual(jobErrors.map((e) => e.code), [code]);
    assert.deepEqual(errors.map((e) => e.code), [code]);
    assert.deepEqual(transport.unsubscribes, []); // the server refused the subscription: nothing to undo
  });
}

test('done_InvalidJobId_RefusedWithoutAskingTheServer', async () => {
  const t = await liveClient();
  const job = t.client.watch('job 1/../x');
  await t.connect();
  await assert.rejects(job.done, { code: 'invalid_job_id' });
  assert.equal(t.transport.resumes.length, 0);
  assert.ok(t.client.watch('a'.repeat(128)) && t.transport.resumes.length === 1);
  await assert.rejects(t.client.watch('a'.repeat(129)).done, { code: 'invalid_job_id' });
});

test('done_Disconnect_NeverSettlesAndResumesFromCursorAfterReconnect', async () => {
  const { transport, job, timers } = await watching();
  transport.resumes[0].resolve(resumed('truncated', { epoch: '0000000000010001' }));
  await flush();
  transport.sink.event(ev('job_started', 1, { epoch: '0000000000010001', kept_seq: 1 }));
  transport.sink.closed();
  assert.ok(await isPending(job.done));
  timers.runNext();
  transport.opens.at(-1).resolve();
  await flush();
  assert.equal(transport.resumes.length, 2);
  assert.deepEqual(transport.resumes[1].cursor, { epoch: '0000000000010001', seq: 1 });
  assert.ok(await isPending(job.done));
});

test('done_JobNotFound_RetriedForTheStatedTimeThenRejects', async () => {
  let now = 1_000;
  const { transport, job, timers } = await watching({ now: () => now, notFoundTimeoutMs: 5_000, notFoundRetryMs: 1_000 });
  transport.resumes[0].reject(refusal('job_not_found'));
  await flush();
  for (let i = 1; i <= 5; i++) {
    assert.ok(await isPending(job.done));
    assert.equal(timers.runNext(), 1_000);
    now += 1_000;
    transport.resumes[i].reject(refusal('job_not_found'));
    await flush();
  }
  const error = await job.done.catch((e) => e);
  assert.equal(error.code, 'job_not_found');
  assert.equal(transport.resumes.length, 6);
});

test('done_JobNotFoundThenKnown_Continues', async () => {
  const { transport, job, timers } = await watching({ now: () => 0 });
  transport.resumes[0].reject(refusal('job_not_found'));
  await flush();
  timers.runNext();
  transport.resumes[1].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: ev('job_complete', 3) });
  assert.equal((await job.done).status, 'completed');
});

test('resume_InvalidCursor_ResumesWithoutCursor', async () => {
  const t = await liveClient();
  t.client.watch('job-1', { cursor: { epoch: 'bad', seq: 3 } });
  await t.connect();
  t.transport.resumes[0].reject(refusal('invalid_cursor'));
  await flush();
  assert.equal(t.transport.resumes[1].cursor, null);
});

test('resume_ServerError_ReportedAndRetriedWithBackoff', async () => {
  const { transport, timers, jobErrors } = await watching();
  transport.resumes[0].reject(refusal('internal_error'));
  await flush();
  assert.deepEqual(jobErrors.map((e) => e.code), ['internal_error']);
  assert.equal(timers.runNext(), 500);
  assert.equal(transport.resumes.length, 2);
});

test('backoff_FullJitter_RandomTimesCappedDoubling', async () => {
  const transport = scriptedTransport();
  const timers = manualTimers();
  const draws = [1, 0.5, 1, 1, 1, 1, 1, 0.25, 1];
  const client = createProgressClient({
    transport, timers, random: () => draws.shift(), backoff: { initialMs: 100, maxMs: 1_000 }, environment: {}, onError() {},
  });
  client.watch('job-1');
  const delays = [];
  for (let i = 0; i < 8; i++) {
    transport.opens.at(-1).reject(new Error('refused'));
    await flush();
    delays.push(timers.runNext());
  }
  assert.deepEqual(delays, [100, 100, 400, 800, 1_000, 1_000, 1_000, 250]);
  // A success resets the attempt count.
  transport.opens.at(-1).resolve();
  await flush();
  transport.sink.closed();
  assert.equal(timers.pending[0].ms, 100);
});

test('backoff_OnlineOrVisible_RetriesAtOnce', async () => {
  const env = new EventTarget();
  env.document = new EventTarget();
  env.document.visibilityState = 'hidden';
  const t = await liveClient({ environment: env });
  t.client.watch('job-1');
  t.transport.opens[0].reject(new Error('down'));
  await flush();
  assert.equal(t.timers.pending.length, 1);
  env.dispatchEvent(new Event('online'));
  assert.equal(t.transport.opens.length, 2);
  assert.equal(t.timers.pending.length, 0);
  t.transport.opens[1].reject(new Error('down'));
  await flush();
  env.document.dispatchEvent(new Event('visibilitychange')); // still hidden: waits
  assert.equal(t.transport.opens.length, 2);
  env.document.visibilityState = 'visible';
  env.document.dispatchEvent(new Event('visibilitychange'));
  assert.equal(t.transport.opens.length, 3);
  t.client.close();
  env.dispatchEvent(new Event('online'));
  assert.equal(t.transport.opens.length, 3);
});

test('status_Transitions_AreReported', async () => {
  const navigator = { onLine: true };
  const t = await liveClient({ environment: { navigator } });
  const seen = [];
  t.client.onStatus((s) => seen.push(s));
  assert.equal(t.client.status, 'connecting');
  t.client.watch('job-1');
  await t.connect();
  t.transport.sink.closed();
  t.timers.runNext();
  await t.connect();
  navigator.onLine = false;
  t.transport.sink.closed();
  t.client.close();
  assert.deepEqual(seen, ['live', 'reconnecting', 'live', 'offline']);
  assert.equal(t.transport.closed, 1);
});

test('malformed_FramesAndEvents_CountedReportedNeverThrown', async () => {
  const { transport, job, errors, client } = await watching();
  transport.resumes[0].resolve(resumed('truncated'));
  await flush();
  for (const bad of [null, 42, 'text', [], { job_id: 'job-1' }, { ...ev('job_started', 1), seq: -1 }, { ...ev('chunk', 1), chunk: 'x' }]) {
    transport.sink.event(bad);
  }
  transport.sink.malformed('not JSON');
  assert.equal(client.malformedFrames, 8);
  assert.equal(errors.filter((e) => e.code === 'malformed_frame').length, 8);
  transport.sink.event(ev('job_started', 1));
  assert.equal(job.state.seq, 1);
});

test('callbacks_ThatThrow_DoNotBreakTheClient', async () => {
  const t = await liveClient({ onError() { throw new Error('page bug'); } });
  t.client.onStatus(() => { throw new Error('page bug'); });
  const job = t.client.watch('job-1', { onState() { throw new Error('page bug'); }, onEvent() { throw new Error('page bug'); } });
  await t.connect();
  t.transport.resumes[0].resolve(resumed('truncated'));
  await flush();
  t.transport.sink.event(ev('job_started', 1));
  t.transport.sink.event('garbage');
  t.transport.sink.event(ev('job_complete', 2));
  assert.equal((await job.done).seq, 2);
});

test('watchMyJobs_EventsOfOtherJobs_FoldedPerJob', async () => {
  const t = await liveClient();
  const states = [];
  t.client.watchMyJobs({ onState: (s) => states.push(s) });
  await t.connect();
  assert.equal(t.transport.myJobs, 1);
  t.transport.sink.event(ev('job_started', 1, { job_id: 'other' }));
  t.transport.sink.event(ev('progress_update', 2, { job_id: 'other', progress: 50 }));
  t.transport.sink.event(ev('progress_update', 2, { job_id: 'other', progress: 50 }));
  assert.deepEqual(states.map((s) => [s.jobId, s.seq, s.progress]), [['other', 1, 1], ['other', 2, 50]]);
  t.transport.sink.closed();
  t.timers.runNext();
  await t.connect();
  assert.equal(t.transport.myJobs, 2);
});

test('cancelAndClose_DelegateAndCloseRejectsDone', async () => {
  const { transport, job } = await watching();
  transport.resumes[0].resolve(resumed('truncated'));
  await flush();
  await job.cancel();
  assert.deepEqual(transport.cancels, ['job-1']);
  job.close();
  job.close();
  assert.deepEqual(transport.unsubscribes, ['job-1']);
  await assert.rejects(job.done, { code: 'closed' });
  transport.sink.event(ev('job_started', 1));
  assert.equal(job.state.seq, 0);
});

test('watch_TwoWatchesOfOneJob_UnsubscribeWhenTheLastCloses', async () => {
  const t = await liveClient();
  const a = t.client.watch('job-1');
  const b = t.client.watch('job-1');
  await t.connect();
  t.transport.resumes.forEach((r) => r.resolve(resumed('truncated')));
  await flush();
  t.transport.sink.event(ev('job_started', 1));
  assert.equal(a.state.seq, 1);
  assert.equal(b.state.seq, 1);
  a.close();
  assert.deepEqual(t.transport.unsubscribes, []);
  b.close();
  assert.deepEqual(t.transport.unsubscribes, ['job-1']);
});

test('status_AllFourValues_ReachedAndReportedToListeners', async () => {
  const navigator = { onLine: true };
  const env = new EventTarget();
  env.navigator = navigator;
  const t = await liveClient({ environment: env });
  const seen = [];
  const stop = t.client.onStatus((s) => seen.push(s));
  assert.equal(t.client.status, 'connecting');
  t.client.watch('job-1');
  assert.equal(t.client.status, 'connecting'); // the first attempt, before it opened
  await t.connect();
  navigator.onLine = false;
  t.transport.sink.closed(); // dropped while the browser says it is offline
  assert.equal(t.client.status, 'offline');
  navigator.onLine = true;
  env.dispatchEvent(new Event('online')); // back: retried at once, not after the backoff
  assert.equal(t.client.status, 'reconnecting');
  await t.connect();
  assert.equal(t.client.status, 'live');
  t.transport.sink.closed();
  assert.equal(t.client.status, 'reconnecting');
  t.client.close();
  assert.equal(t.client.status, 'offline');
  assert.deepEqual(seen, ['live', 'offline', 'reconnecting', 'live', 'reconnecting', 'offline']);
  stop();
  assert.equal(seen.length, 6);
});

test('defaults_NotFoundRetriedEverySecondFor30Seconds', async () => {
  let now = 0;
  const { transport, job, timers } = await watching({ now: () => now });
  for (let i = 0; now < 30_000; i++) {
    transport.resumes[i].reject(refusal('job_not_found'));
    await flush();
    assert.ok(await isPending(job.done), `still retrying after ${now} ms`);
    assert.equal(timers.runNext(), 1_000);
    now += 1_000;
  }
  transport.resumes.at(-1).reject(refusal('job_not_found'));
  await assert.rejects(job.done, { code: 'job_not_found' });
  assert.equal(transport.resumes.length, 31);
});

test('defaults_Backoff_HalfSecondDoublingTo15Seconds', async () => {
  const transport = scriptedTransport();
  const timers = manualTimers();
  const client = createProgressClient({ transport, timers, random: () => 1, environment: {}, onError() {} });
  client.watch('job-1');
  const bounds = [];
  for (let i = 0; i < 7; i++) {
    transport.opens.at(-1).reject(new Error('down'));
    await flush();
    bounds.push(timers.runNext());
  }
  assert.deepEqual(bounds, [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
  client.close();
});

test('malformed_FrameNamingAJob_ReportedOnThatJobsOnErrorAndCountedOnce', async () => {
  const t = await liveClient();
  const a = [];
  const b = [];
  const other = [];
  t.client.watch('job-1', { onError: (e) => a.push(e) });
  t.client.watch('job-1', { onError: (e) => b.push(e) });
  t.client.watch('job-2', { onError: (e) => other.push(e) });
  await t.connect();
  t.transport.sink.event({ job_id: 'job-1', type: 'progress_update', seq: 'two' });
  t.transport.sink.event({ job_id: 42 });
  assert.deepEqual(a.map((e) => [e.code, e.jobId]), [['malformed_frame', 'job-1']]);
  assert.deepEqual(b.map((e) => e.code), ['malformed_frame']);
  assert.deepEqual(other, []);
  assert.deepEqual(t.errors.map((e) => [e.code, e.jobId]), [['malformed_frame', 'job-1'], ['malformed_frame', undefined]]);
  assert.equal(t.client.malformedFrames, 2);
});

test('malformed_ResumeReplyBreakingTheContract_CountedReportedAndRetried', async () => {
  const bad = [
    null,
    { type: 'resumed', job_id: 'job-1', outcome: 'partial', epoch: null, seq: 0, kept_seq: 0, snapshot: null, streams: null, replay: 0 },
    resumed('truncated', { seq: -1 }),
    resumed('truncated', { kept_seq: 'x' }),
    resumed('truncated', { snapshot: { job_id: 'job-1' } }),
    resumed('truncated', { streams: 'abc' }),
    { type: 'subscribed', job_id: 'job-1', snapshot: { seq: 3 } },
  ];
  const { transport, job, timers, jobErrors, errors, client } = await watching();
  for (let i = 0; i < bad.length; i++) {
    transport.resumes[i].resolve(bad[i]);
    await flush();
    assert.equal(client.malformedFrames, i + 1);
    assert.equal(timers.pending.length, 1, 'retried with backoff');
    timers.runNext();
  }
  assert.equal(jobErrors.filter((e) => e.code === 'malformed_frame').length, bad.length);
  assert.equal(errors.filter((e) => e.code === 'malformed_frame').length, bad.length);
  assert.deepEqual(job.state.seq, 0);
  transport.resumes[bad.length].resolve(resumed('truncated', { seq: 2, kept_seq: 2, snapshot: ev('job_complete', 2) }));
  assert.equal((await job.done).seq, 2);
});

test('reconnect_EveryReconnect_ResumesFromTheLatestCursor', async () => {
  const E = '0000000000010001';
  const { transport, job, timers } = await watching();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E }));
  await flush();
  for (let seq = 1; seq <= 3; seq++) {
    transport.sink.event(ev('stage_started', seq, { epoch: E, kept_seq: seq, stage: `s${seq}` }));
    transport.sink.closed();
    timers.runNext();
    transport.opens.at(-1).resolve();
    await flush();
    assert.deepEqual(transport.resumes.at(-1).cursor, { epoch: E, seq });
    transport.resumes.at(-1).resolve(resumed('gapless', { epoch: E, seq, kept_seq: seq }));
    await flush();
  }
  assert.equal(transport.resumes.length, 4);
  assert.deepEqual(job.cursor, { epoch: E, seq: 3 });
  assert.ok(await isPending(job.done));
});

test('watchMyJobs_TransportWithout_ReportsUnsupported', async () => {
  const t = await liveClient();
  t.transport.watchMyJobs = undefined;
  t.client.watchMyJobs({ onState() {} });
  await t.connect();
  await flush();
  assert.deepEqual(t.errors.map((e) => e.code), ['my_jobs_unsupported']);
});

test('close_WhileConnecting_ClosesWhatThenOpensAndStaysOffline', async () => {
  const t = await liveClient();
  t.client.watch('job-1');
  t.client.close();
  assert.equal(t.transport.closed, 1);
  await t.connect();
  assert.equal(t.transport.closed, 2);
  assert.equal(t.client.status, 'offline');
  assert.equal(t.transport.resumes.length, 0);
  assert.throws(() => t.client.watch('job-2'), { code: 'closed' });
  assert.throws(() => t.client.watchMyJobs({ onState() {} }), { code: 'closed' });
});

test('done_JobCancelled_CarriesTheMessage', async () => {
  const { transport, job } = await watching();
  transport.resumes[0].resolve(resumed('truncated'));
  await flush();
  transport.sink.event(ev('job_cancelled', 2, { message: 'user asked' }));
  const error = await job.done.catch((e) => e);
  assert.equal(error.message, 'user asked');
  assert.equal(error.jobId, 'job-1');
});

test('done_ServerErrorsAndTimeouts_NeverSettleIt', async () => {
  const { transport, job, timers } = await watching();
  for (const code of ['internal_error', 'timeout', 'transport_error', 'disconnected']) {
    transport.resumes.at(-1).reject(refusal(code));
    await flush();
    assert.ok(await isPending(job.done), code);
    if (timers.pending.length) timers.runNext();
  }
});
