// State folding: every event type lands in the state shape of the issue; streams assembled by chunk index.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ev, flush, liveClient, resumed } from './helpers.mjs';

async function watched(options = {}) {
  const t = await liveClient();
  const states = [];
  const job = t.client.watch('job-1', { onState: (s) => states.push(s), ...options });
  await t.connect();
  t.transport.resumes[0].resolve(resumed('truncated'));
  await flush();
  const send = (...events) => events.forEach((e) => t.transport.sink.event(e));
  return { ...t, job, states, send };
}

test('fold_EveryEventType_GivesTheStateShape', async () => {
  const { job, send } = await watched();
  send(
    ev('job_accepted', 1, { message: 'queued' }),
    ev('job_started', 2),
    ev('stage_started', 3, { stage: 'agents', stage_progress: 0, estimated_seconds_remaining: 30 }),
    ev('progress_update', 4, { stage: 'agents', stage_progress: 50, estimated_seconds_remaining: 12.5 }),
    ev('agent_status', 5, { stage: 'agents', agent: { name: 'geo', status: 'calling_tool', tool: 'maps' } }),
    ev('agent_status', 6, { stage: 'agents', agent: { name: 'geo', status: 'complete', confidence: 0.9 } }),
    ev('stage_complete', 7, { stage: 'agents', stage_progress: 100, message: 'agents done' }),
    ev('chunk', 8, { stage: 'synthesize', chunk: { stream: 'answer', index: 0, text: 'Hello ' } }),
    ev('chunk', 9, { stage: 'synthesize', chunk: { stream: 'answer', index: 1, text: 'world' } }),
    ev('job_complete', 10, { stage: 'synthesize', results: { answer: 42 } }),
  );
  assert.deepEqual(job.state, {
    jobId: 'job-1', epoch: null, seq: 10, status: 'completed', progress: 100, stage: 'synthesize', stageProgress: null,
    etaSeconds: null, message: 'agents done',
    agents: { geo: { status: 'complete', tool: null, confidence: 0.9 } },
    streams: { answer: 'Hello world' }, results: { answer: 42 }, error: null,
  });
  assert.deepEqual(job.cursor, { epoch: null, seq: 10 });
});

test('fold_StageAndEta_FollowEachEvent', async () => {
  const { job, send } = await watched();
  send(ev('stage_started', 1, { stage: 'ingest', stage_progress: 0, estimated_seconds_remaining: 9 }));
  assert.equal(job.state.stage, 'ingest');
  assert.equal(job.state.stageProgress, 0);
  assert.equal(job.state.etaSeconds, 9);
  send(ev('progress_update', 2, { stage: 'ingest', stage_progress: 40, progress: 20 }));
  assert.equal(job.state.stageProgress, 40);
  assert.equal(job.state.progress, 20);
  assert.equal(job.state.etaSeconds, null);
});

test('fold_JobFailed_KeepsTheError', async () => {
  const { job, send } = await watched();
  send(ev('job_failed', 1, { error: { code: 'boom', message: 'it broke' } }));
  assert.equal(job.state.status, 'failed');
  assert.deepEqual(job.state.error, { code: 'boom', message: 'it broke' });
  await assert.rejects(job.done, { code: 'boom' });
});

test('fold_JobCancelled_SetsStatus', async () => {
  const { job, send } = await watched();
  send(ev('job_cancelled', 1));
  assert.equal(job.state.status, 'cancelled');
  await assert.rejects(job.done, { name: 'JobCancelledError' });
});

test('fold_ChunksOutOfOrderAndRepeated_AssembledByIndexOnce', async () => {
  const { job, send } = await watched();
  // Servers that do not number epochs: seq alone orders; chunk indexes order and de-duplicate the text.
  send(
    ev('chunk', 1, { chunk: { stream: 'a', index: 0, text: 'x' } }),
    ev('chunk', 3, { chunk: { stream: 'a', index: 2, text: 'z' } }),
    ev('chunk', 4, { chunk: { stream: 'b', index: 0, text: 'other' } }),
  );
  assert.deepEqual(job.state.streams, { a: 'x', b: 'other' });
  send(ev('chunk', 5, { chunk: { stream: 'a', index: 1, text: 'y' } }), ev('chunk', 6, { chunk: { stream: 'a', index: 1, text: 'y' } }));
  assert.deepEqual(job.state.streams, { a: 'xyz', b: 'other' });
});

test('fold_EveryChange_IsANewStateObject', async () => {
  const { states, send } = await watched();
  send(ev('job_started', 1), ev('agent_status', 2, { agent: { name: 'a', status: 'invoking' } }));
  assert.equal(states.length, 3);
  assert.notEqual(states[1], states[2]);
  assert.notEqual(states[1].agents, states[2].agents);
  assert.deepEqual(states[1].agents, {});
});

test('fold_SnapshotWithStreams_ReplacesStreamText', async () => {
  const t = await liveClient();
  const job = t.client.watch('job-1');
  await t.connect();
  // A SignalR Subscribe snapshot (new servers) carries the streams kept so far.
  t.transport.resumes[0].resolve({
    type: 'subscribed', job_id: 'job-1',
    snapshot: ev('chunk', 7, { epoch: '0000000000010000', kept_seq: 5, chunk: { stream: 's', index: 3, text: 'd' },
      streams: { s: { text: 'abcd', next_index: 4, cut: false } } }),
  });
  await flush();
  assert.deepEqual(job.state.streams, { s: 'abcd' });
  t.transport.sink.event(ev('chunk', 8, { epoch: '0000000000010000', kept_seq: 6, chunk: { stream: 's', index: 4, text: 'e' } }));
  assert.deepEqual(job.state.streams, { s: 'abcde' });
  assert.deepEqual(job.cursor, { epoch: '0000000000010000', seq: 8 });
});
