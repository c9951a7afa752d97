// Ordering by the resume contract's (epoch, seq, kept_seq) rule: duplicates, coalesced skips, losses, epochs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ev, flush, liveClient, resumed } from './helpers.mjs';

const E1 = '0000000000010001';
const E2 = '0000000000020002';
const at = (type, seq, kept, extra = {}) => ev(type, seq, { epoch: E1, kept_seq: kept, ...extra });

async function watched(options = {}) {
  const t = await liveClient();
  const applied = [];
  const resyncs = [];
  const job = t.client.watch('job-1', {
    onEvent: (e) => applied.push(e.seq), onResync: (outcome, state) => resyncs.push({ outcome, state }), ...options,
  });
  await t.connect();
  const send = (...events) => events.forEach((e) => t.transport.sink.event(e));
  return { ...t, job, applied, resyncs, send };
}

test('order_DuplicatesAndStale_DroppedSilently', async () => {
  const { transport, applied, send, errors } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E1 }));
  await flush();
  send(at('job_started', 1, 1), at('stage_started', 2, 2, { stage: 's' }), at('job_started', 1, 1), at('stage_started', 2, 2, { stage: 's' }));
  assert.deepEqual(applied, [1, 2]);
  assert.equal(transport.resumes.length, 1);
  assert.deepEqual(errors, []);
});

test('order_CoalescedProgressUpdate_IsNotALoss', async () => {
  const { transport, applied, send } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E1 }));
  await flush();
  // seq 2 and 3 were progress updates coalesced away: kept_seq shows nothing else is missing.
  send(at('job_started', 1, 1), at('progress_update', 4, 1), at('agent_status', 5, 2, { agent: { name: 'a', status: 'invoking' } }));
  assert.deepEqual(applied, [1, 4, 5]);
  assert.equal(transport.resumes.length, 1);
});

test('order_Loss_ResumesFromCursorAndAppliesBufferedInOrder', async () => {
  const { transport, applied, send, job } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E1 }));
  await flush();
  send(at('job_started', 1, 1));
  // seq 2 (a stage_started) never arrived: kept_seq jumps by two.
  send(at('progress_update', 3, 2), at('agent_status', 4, 3, { agent: { name: 'a', status: 'invoking' } }));
  assert.deepEqual(applied, [1]);
  assert.equal(transport.resumes.length, 2);
  assert.deepEqual(transport.resumes[1].cursor, { epoch: E1, seq: 1 });
  // SignalR delivers the replay before the reply; the client buffers, then applies in position order.
  send(at('stage_started', 2, 2, { stage: 's' }), at('progress_update', 3, 2));
  transport.resumes[1].resolve(resumed('gapless', { epoch: E1, seq: 3, kept_seq: 2, replay: 2 }));
  await flush();
  assert.deepEqual(applied, [1, 2, 3, 4]);
  assert.equal(job.state.stage, 's');
  assert.deepEqual(job.cursor, { epoch: E1, seq: 4 });
});

test('order_GaplessReplayAfterReply_AppliedAsItArrives', async () => {
  const { transport, applied, send } = await watched({ cursor: { epoch: E1, seq: 5 } });
  assert.deepEqual(transport.resumes[0].cursor, { epoch: E1, seq: 5 });
  transport.resumes[0].resolve(resumed('gapless', { epoch: E1, seq: 7, kept_seq: 6, replay: 2 }));
  await flush();
  // API Gateway: the replayed events follow the reply.
  send(at('job_started', 6, 5), at('stage_started', 7, 6, { stage: 's' }), at('progress_update', 8, 6));
  assert.deepEqual(applied, [6, 7, 8]);
});

test('order_Truncated_ReplacesStateAndIsReported', async () => {
  const { transport, send, job, resyncs } = await watched({ cursor: { epoch: E1, seq: 2 } });
  transport.resumes[0].resolve(resumed('truncated', {
    epoch: E1, seq: 40, kept_seq: 30,
    snapshot: at('progress_update', 40, 30, { stage: 'write', stage_progress: 10, progress: 77 }),
    streams: { answer: { text: 'so far', next_index: 3, cut: false } },
  }));
  await flush();
  assert.equal(job.state.progress, 77);
  assert.equal(job.state.stage, 'write');
  assert.deepEqual(job.state.streams, { answer: 'so far' });
  assert.deepEqual(job.cursor, { epoch: E1, seq: 40 });
  assert.deepEqual(resyncs.map((r) => r.outcome), ['truncated']);
  send(at('chunk', 41, 31, { chunk: { stream: 'answer', index: 3, text: '!' } }));
  assert.equal(job.state.streams.answer, 'so far!');
});

test('order_NewEpochReply_ReplacesStateAndIsReported', async () => {
  const { transport, job, resyncs } = await watched({ cursor: { epoch: E1, seq: 9 } });
  transport.resumes[0].resolve(resumed('new_epoch', {
    epoch: E2, seq: 3, kept_seq: 3, snapshot: ev('stage_started', 3, { epoch: E2, kept_seq: 3, stage: 'again' }), streams: {},
  }));
  await flush();
  assert.equal(job.state.epoch, E2);
  assert.equal(job.state.stage, 'again');
  assert.deepEqual(resyncs.map((r) => r.outcome), ['new_epoch']);
});

test('order_NewEpochFromSeq1_ResetsState', async () => {
  const { transport, send, job, resyncs } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E1 }));
  await flush();
  send(at('agent_status', 1, 1, { agent: { name: 'a', status: 'invoking' } }));
  send(ev('job_started', 1, { epoch: E2, kept_seq: 1 }));
  assert.equal(job.state.epoch, E2);
  assert.deepEqual(job.state.agents, {});
  assert.deepEqual(resyncs.map((r) => r.outcome), ['new_epoch']);
  assert.equal(transport.resumes.length, 1);
});

test('order_NewEpochMidway_IsALossAndResumes', async () => {
  const { transport, send, applied } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E1 }));
  await flush();
  send(at('job_started', 1, 1), ev('progress_update', 5, { epoch: E2, kept_seq: 2 }));
  assert.deepEqual(applied, [1]);
  assert.equal(transport.resumes.length, 2);
});

test('order_OlderEpoch_Dropped', async () => {
  const { transport, send, applied } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E2 }));
  await flush();
  send(ev('job_started', 1, { epoch: E2, kept_seq: 1 }), at('progress_update', 9, 1));
  assert.deepEqual(applied, [1]);
  assert.equal(transport.resumes.length, 1);
});

test('order_ServerWithoutEpochs_OrdersBySeqAndUsesTheSnapshot', async () => {
  const { transport, send, applied, job } = await watched();
  // Today's servers: Subscribe answers the snapshot; events have no epoch or kept_seq, so gaps are not detectable.
  transport.resumes[0].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: ev('stage_started', 3, { stage: 'x' }) });
  await flush();
  assert.equal(job.state.stage, 'x');
  send(ev('progress_update', 2), ev('progress_update', 5), ev('progress_update', 4), ev('progress_update', 7));
  assert.deepEqual(applied, [3, 5, 7]);
  assert.equal(transport.resumes.length, 1);
});

test('order_EventsDuringResume_BufferedUntilTheReply', async () => {
  const { transport, send, applied } = await watched();
  send(ev('job_started', 2), ev('job_accepted', 1));
  assert.deepEqual(applied, []);
  transport.resumes[0].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: null });
  await flush();
  assert.deepEqual(applied, [1, 2]);
});

test('order_RepeatedLossAfterGapless_FallsBackToSnapshot', async () => {
  const { transport, send } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E1 }));
  await flush();
  send(at('job_started', 1, 1));
  for (let i = 1; i <= 3; i++) {
    send(at('agent_status', 10, 5, { agent: { name: 'a', status: 'invoking' } }));
    // A server that claims gapless but never delivers the missing events.
    transport.resumes[i].resolve(resumed('gapless', { epoch: E1, seq: 1, kept_seq: 1 }));
    await flush();
  }
  assert.equal(transport.resumes.length, 5);
  assert.equal(transport.resumes[4].cursor, null);
});

test('order_SubscribeSnapshotPastALoss_AppliedWithoutResumingAgain', async () => {
  const { transport, send, applied, job } = await watched();
  // A server whose Resume is missing answers every resume with Subscribe's snapshot.
  transport.resumes[0].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: at('job_started', 1, 1) });
  await flush();
  send(at('agent_status', 5, 4, { agent: { name: 'a', status: 'invoking' } }));
  assert.equal(transport.resumes.length, 2);
  send(at('progress_update', 7, 5));
  transport.resumes[1].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: at('stage_complete', 6, 5, { stage: 's' }) });
  await flush();
  assert.deepEqual(applied, [1, 6, 7]);
  assert.equal(job.state.stage, 's');
  assert.equal(transport.resumes.length, 2);
});

test('order_SubscribeSnapshotOfANewEpoch_StartsAnew', async () => {
  const { transport, send, job } = await watched();
  transport.resumes[0].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: at('agent_status', 1, 1, { agent: { name: 'a', status: 'invoking' } }) });
  await flush();
  send(ev('progress_update', 4, { epoch: E2, kept_seq: 2 }));
  transport.resumes[1].resolve({ type: 'subscribed', job_id: 'job-1', snapshot: ev('stage_started', 4, { epoch: E2, kept_seq: 2, stage: 'b' }) });
  await flush();
  assert.deepEqual(job.state.agents, {});
  assert.equal(job.state.epoch, E2);
  assert.equal(job.state.seq, 4);
});

test('order_SnapshotFallbackAfterRepeatedLosses_ReplacesStateAndIsReported', async () => {
  const { transport, send, job, resyncs } = await watched();
  transport.resumes[0].resolve(resumed('truncated', { epoch: E1 }));
  await flush();
  assert.deepEqual(resyncs, [], 'a first subscribe is answered truncated by the contract: nothing was replaced');
  send(at('agent_status', 1, 1, { agent: { name: 'a', status: 'invoking' } }));
  for (let i = 1; i <= 3; i++) {
    send(at('agent_status', 10, 5, { agent: { name: 'b', status: 'invoking' } }));
    transport.resumes[i].resolve(resumed('gapless', { epoch: E1, seq: 1, kept_seq: 1 }));
    await flush();
  }
  assert.equal(transport.resumes[4].cursor, null);
  transport.resumes[4].resolve(resumed('truncated', {
    epoch: E1, seq: 12, kept_seq: 7, snapshot: at('stage_started', 12, 7, { stage: 'later' }), streams: {},
  }));
  await flush();
  assert.deepEqual(resyncs.map((r) => r.outcome), ['truncated']);
  assert.equal(job.state.stage, 'later');
  assert.deepEqual(job.state.agents, {});
  assert.deepEqual(job.cursor, { epoch: E1, seq: 12 });
});
