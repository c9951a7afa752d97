// The SignalR adapter against the real hub: the SignalR sample (Kestrel) started on a free loopback port.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { JobCancelledError, JobFailedError, createProgressClient } from '../dist/index.js';
import { signalRTransport } from '../dist/signalr.js';
import { recording, within } from './helpers.mjs';
import { startJob, startSignalRSample } from './servers.mjs';

let server;
before(async () => { server = await startSignalRSample(); });
after(() => server?.stop());

function client(options = {}) {
  return createProgressClient({ transport: signalRTransport({ url: `${server.url}/hubs/progress` }), environment: {}, ...options });
}

test('signalrServer_Job_FollowedToCompletionWithAgentsAndStreams', async (t) => {
  const c = client();
  t.after(() => c.close());
  const jobId = await startJob(server.url, { duration_seconds: 3 });
  const states = [];
  const job = c.watch(jobId, { onState: (s) => states.push(s) });
  const state = await job.done;
  assert.equal(state.status, 'completed');
  assert.equal(state.progress, 100);
  // However late the client joins (a loaded machine), it resumes from the job's start: the agents' statuses and the
  // whole streamed text arrive.
  assert.ok(Object.keys(state.agents).length > 0, 'agents');
  assert.ok(Object.values(state.streams).some((text) => text.length > 0), 'streamed text');
  for (let i = 1; i < states.length; i++) assert.ok(states[i].seq > states[i - 1].seq, 'applied in order, once');
  assert.equal(c.status, 'live');
});

test('signalrServer_FailingJob_RejectsWithJobFailedError', async (t) => {
  const c = client();
  t.after(() => c.close());
  const jobId = await startJob(server.url, { duration_seconds: 1, fail: true });
  const error = await c.watch(jobId).done.catch((e) => e);
  assert.ok(error instanceof JobFailedError, String(error));
  assert.ok(error.code.length > 0);
  assert.equal(error.state.status, 'failed');
});

test('signalrServer_Cancel_RejectsWithJobCancelledError', async (t) => {
  const c = client();
  t.after(() => c.close());
  const jobId = await startJob(server.url, { duration_seconds: 60 });
  let first;
  const started = new Promise((resolve) => { first = resolve; });
  const job = c.watch(jobId, { onState: first });
  await started;
  await job.cancel();
  const error = await job.done.catch((e) => e);
  assert.ok(error instanceof JobCancelledError, String(error));
  assert.equal(error.state.status, 'cancelled');
});

test('signalrServer_InvalidAndUnknownJobs_Refused', async (t) => {
  const c = client({ notFoundTimeoutMs: 0 });
  t.after(() => c.close());
  await assert.rejects(c.watch('not a valid id!').done, { code: 'invalid_job_id' });
  await assert.rejects(c.watch('job-never-started').done, { code: 'job_not_found' });
});

test('signalrServer_ConnectionDrops_ReconnectsResubscribesAndCompletes', async (t) => {
  const { HubConnectionBuilder } = await import('@microsoft/signalr');
  const connections = [];
  const recorded = recording(signalRTransport({
    url: `${server.url}/hubs/progress`,
    connection: (url) => { const hub = new HubConnectionBuilder().withUrl(url).build(); connections.push(hub); return hub; },
  }));
  const c = client({ transport: recorded.transport, random: () => 0 });
  t.after(() => c.close());
  const statuses = [];
  let back;
  const reconnected = new Promise((resolve) => { back = resolve; });
  c.onStatus((s) => { statuses.push(s); if (statuses.join() === 'live,reconnecting,live') back(); });
  const jobId = await startJob(server.url, { duration_seconds: 10 });
  let dropped = null;
  const seqs = [];
  const job = c.watch(jobId, {
    onEvent: (e) => seqs.push(e.seq),
    onState: (s) => {
      if (dropped || s.seq === 0) return;
      dropped = job.cursor;
      connections[0].stop(); // as if the network dropped: onclose, then the client reconnects
    },
  });
  const state = await job.done;
  assert.equal(state.status, 'completed');
  await within(reconnected, 'live, reconnecting, live');
  assert.equal(connections.length, 1);
  // After the reconnect the client resumed from its cursor (not from the start), and the hub answered by the
  // contract: every event once, in order, across the drop.
  const after = recorded.resumes.filter((r) => r.cursor !== null && r.cursor.seq >= dropped.seq);
  assert.ok(after.length >= 1, JSON.stringify(recorded.resumes.map((r) => r.cursor)));
  assert.equal(after[0].cursor.epoch, dropped.epoch);
  assert.ok(['gapless', 'truncated'].includes(after[0].reply?.outcome), JSON.stringify(after[0].reply ?? after[0].error));
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `applied in order, once: ${seqs}`);
  assert.equal(job.cursor.seq, state.seq);
});
