// The API Gateway adapter against the real route handler behind serverless-offline: the API Gateway sample
// (dynalite + serverless-offline + ProgressKit's C# route handler), started on free loopback ports.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { apiGatewayTransport } from '../dist/apigateway.js';
import { JobCancelledError, JobFailedError, createProgressClient } from '../dist/index.js';
import { recording, within } from './helpers.mjs';
import { startApiGatewaySample, startJob } from './servers.mjs';

let server;
before(async () => { server = await startApiGatewaySample(); });
after(() => server?.stop());

function client(options = {}) {
  return createProgressClient({
    transport: apiGatewayTransport({ url: server.websocketUrl, WebSocket }), environment: {}, random: () => 0, ...options,
  });
}

test('apigatewayServer_Job_FollowedLiveToCompletion', async (t) => {
  const c = client();
  t.after(() => c.close());
  // Long enough that the subscription (about three emulator round trips) is in place well before the end.
  const jobId = await startJob(server.url, { duration_seconds: 10 });
  const seqs = [];
  const job = c.watch(jobId, { onEvent: (e) => seqs.push(e.seq) });
  const state = await job.done;
  assert.equal(state.status, 'completed');
  assert.equal(state.progress, 100);
  assert.ok(seqs.length > 1, `live events after the snapshot: ${seqs}`);
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `applied in order, once: ${seqs}`);
  assert.equal(job.cursor.seq, state.seq);
});

test('apigatewayServer_FailingJob_RejectsWithJobFailedError', async (t) => {
  const c = client();
  t.after(() => c.close());
  const jobId = await startJob(server.url, { duration_seconds: 1, fail: true });
  const error = await c.watch(jobId).done.catch((e) => e);
  assert.ok(error instanceof JobFailedError, String(error));
  assert.equal(error.state.status, 'failed');
});

test('apigatewayServer_Cancel_RejectsWithJobCancelledError', async (t) => {
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
});

test('apigatewayServer_InvalidJobId_RefusedBeforeSending', async (t) => {
  const c = client();
  t.after(() => c.close());
  await assert.rejects(c.watch('not a valid id!').done, { code: 'invalid_job_id' });
});

test('apigatewayServer_ConnectionDrops_ReconnectsResubscribesAndCompletes', async (t) => {
  const sockets = [];
  class Tracked extends WebSocket {
    constructor(...args) { super(...args); sockets.push(this); }
  }
  const recorded = recording(apiGatewayTransport({ url: server.websocketUrl, WebSocket: Tracked }));
  const c = createProgressClient({ transport: recorded.transport, environment: {}, random: () => 0 });
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
      sockets[0].terminate(); // as if the network dropped
    },
  });
  const state = await job.done;
  assert.equal(state.status, 'completed');
  await within(reconnected, 'live, reconnecting, live');
  assert.ok(sockets.length >= 2);
  // The route handler has no `resume` yet: after the reconnect the client asked to resume from its cursor, fell
  // back to `subscribe` and its snapshot, and applied every event once, in order, across the drop.
  const after = recorded.resumes.filter((r) => r.cursor !== null && r.cursor.seq >= dropped.seq);
  assert.ok(after.length >= 1, JSON.stringify(recorded.resumes.map((r) => r.cursor)));
  assert.equal(after[0].reply?.type, 'subscribed', JSON.stringify(after[0].reply ?? after[0].error?.message));
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `applied in order, once: ${seqs}`);
  assert.equal(job.cursor.seq, state.seq);
});
