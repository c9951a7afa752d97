// The API Gateway adapter against a scripted fake of its protocol (ws server on loopback).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { apiGatewayTransport } from '../dist/apigateway.js';
import { createProgressClient } from '../dist/index.js';
import { ev, until, within } from './helpers.mjs';
import { createServer } from 'node:net';
import { queue, startSocketServer } from './socket-server.mjs';

let server;
before(async () => { server = await startSocketServer(); });
after(() => server.close());

function client(extra = {}) {
  const errors = queue();
  const c = createProgressClient({
    transport: apiGatewayTransport({ url: server.url, WebSocket }),
    random: () => 0, environment: {}, onError: (e) => errors.push(e), ...extra,
  });
  return { client: c, errors };
}

test('apigateway_OldServer_FallsBackFromResumeToSubscribeAndFollowsEvents', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const job = c.watch('job-1');
  const conn = await server.nextConnection();
  assert.deepEqual(await conn.next(), { action: 'resume', job_id: 'job-1' });
  conn.send({ type: 'error', code: 'unknown_action', message: 'Unknown action', job_id: 'job-1' });
  assert.deepEqual(await conn.next(), { action: 'subscribe', job_id: 'job-1' });
  conn.send({ type: 'subscribed', job_id: 'job-1', snapshot: ev('stage_started', 2, { stage: 'ingest' }) });
  conn.send(ev('progress_update', 3, { stage: 'ingest', stage_progress: 50 }));
  conn.send(ev('job_complete', 4, { results: 'ok' }));
  const state = await job.done;
  assert.equal(state.stage, 'ingest');
  assert.equal(state.results, 'ok');
});

test('apigateway_Resume_TruncatedReplyReplacesState', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const job = c.watch('job-1', { cursor: { epoch: '0000000000010001', seq: 4 } });
  const conn = await server.nextConnection();
  assert.deepEqual(await conn.next(), { action: 'resume', job_id: 'job-1', after_seq: 4, epoch: '0000000000010001' });
  conn.send({
    type: 'resumed', job_id: 'job-1', outcome: 'truncated', epoch: '0000000000010001', seq: 20, kept_seq: 12, replay: 0,
    snapshot: ev('progress_update', 20, { epoch: '0000000000010001', kept_seq: 12, progress: 60 }),
    streams: { out: { text: 'abc', next_index: 3, cut: false } },
  });
  conn.send(ev('chunk', 21, { epoch: '0000000000010001', kept_seq: 13, chunk: { stream: 'out', index: 3, text: 'd' } }));
  await until(() => job.state.seq === 21, 'seq 21');
  assert.equal(job.state.progress, 21);
  assert.deepEqual(job.state.streams, { out: 'abcd' });
});

test('apigateway_Refused_DoneRejectsWithServerCode', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const job = c.watch('job-1');
  const conn = await server.nextConnection();
  await conn.next();
  conn.send({ type: 'error', code: 'forbidden', message: 'You may not access job job-1.', job_id: 'job-1' });
  await assert.rejects(job.done, { code: 'forbidden', message: 'You may not access job job-1.' });
});

test('apigateway_InvalidJobId_RefusedBeforeAnythingIsSent', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const bad = c.watch('bad id!');
  const good = c.watch('job-1');
  const conn = await server.nextConnection();
  await assert.rejects(bad.done, { code: 'invalid_job_id' });
  assert.deepEqual(await conn.next(), { action: 'resume', job_id: 'job-1' });
  conn.send({ type: 'resumed', job_id: 'job-1', outcome: 'truncated', epoch: null, seq: 3, kept_seq: 3, snapshot: ev('job_complete', 3), streams: {}, replay: 0 });
  assert.equal((await good.done).seq, 3);
});

test('apigateway_ServerDrops_ReconnectsAndResumesFromCursor', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const statuses = queue();
  c.onStatus((s) => statuses.push(s));
  const job = c.watch('job-1');
  const first = await server.nextConnection();
  await first.next();
  first.send({ type: 'resumed', job_id: 'job-1', outcome: 'truncated', epoch: null, seq: 0, kept_seq: 0, snapshot: null, streams: {}, replay: 0 });
  first.send(ev('job_started', 1, { epoch: '0000000000010001', kept_seq: 1 }));
  await until(() => job.state.seq === 1, 'seq 1');
  assert.equal(await statuses.next(), 'live');
  first.socket.terminate();
  assert.equal(await statuses.next(), 'reconnecting');
  const second = await server.nextConnection();
  assert.deepEqual(await second.next(), { action: 'resume', job_id: 'job-1', after_seq: 1, epoch: '0000000000010001' });
  assert.equal(await statuses.next(), 'live');
});

test('apigateway_MalformedAndGatewayFrames_ReportedNotThrown', async (t) => {
  const { client: c, errors } = client();
  t.after(() => c.close());
  const job = c.watch('job-1');
  const conn = await server.nextConnection();
  await conn.next();
  conn.send({ type: 'resumed', job_id: 'job-1', outcome: 'truncated', epoch: null, seq: 0, kept_seq: 0, snapshot: null, streams: {}, replay: 0 });
  conn.send('not json {');
  conn.send('[1,2]');
  conn.send({ job_id: 'job-1', seq: 'x' });
  conn.send({ message: 'Internal server error', connectionId: 'abc=' });
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await errors.next()).code);
  assert.deepEqual(codes, ['malformed_frame', 'malformed_frame', 'malformed_frame', 'gateway_error']);
  assert.equal(c.malformedFrames, 3);
  conn.send(ev('job_started', 1));
  await until(() => job.state.seq === 1, 'seq 1');
});

test('apigateway_CancelMyJobsAndClose_SendTheirActions', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const job = c.watch('job-1');
  c.watchMyJobs({ onState() {} });
  const conn = await server.nextConnection();
  const first = [await conn.next(), await conn.next()];
  assert.deepEqual(first.map((m) => m.action).sort(), ['resume', 'subscribe_my_jobs']);
  conn.send({ type: 'resumed', job_id: 'job-1', outcome: 'truncated', epoch: null, seq: 0, kept_seq: 0, snapshot: null, streams: {}, replay: 0 });
  await until(() => c.status === 'live', 'live');
  await job.cancel();
  assert.deepEqual(await conn.next(), { action: 'cancel_job', job_id: 'job-1' });
  job.close();
  assert.deepEqual(await conn.next(), { action: 'unsubscribe', job_id: 'job-1' });
  c.close();
  await conn.closed;
});

test('apigateway_ServerDown_ConnectFailsAndRetries', async (t) => {
  const down = await startSocketServer();
  const url = down.url;
  await down.close();
  const attempts = queue();
  const c = createProgressClient({
    transport: apiGatewayTransport({ url, WebSocket }), environment: {}, random: () => 0,
    onError: (e) => attempts.push(e.code),
  });
  t.after(() => c.close());
  c.watch('job-1');
  assert.equal(await attempts.next(), 'connect_failed');
  assert.equal(await attempts.next(), 'connect_failed');
  assert.equal(c.status, 'reconnecting');
});

test('apigateway_UnknownActionWithoutJobId_EveryPendingResumeFallsBack', async (t) => {
  const { client: c, errors } = client();
  t.after(() => c.close());
  const a = c.watch('job-a');
  const b = c.watch('job-b');
  const conn = await server.nextConnection();
  const asked = [await conn.next(), await conn.next()];
  assert.deepEqual(asked.map((m) => [m.action, m.job_id]), [['resume', 'job-a'], ['resume', 'job-b']]);
  conn.send({ type: 'error', code: 'unknown_action', message: 'Unknown action' });
  const fallback = [await conn.next(), await conn.next()];
  assert.deepEqual(fallback.map((m) => [m.action, m.job_id]).sort(), [['subscribe', 'job-a'], ['subscribe', 'job-b']]);
  conn.send({ type: 'subscribed', job_id: 'job-a', snapshot: ev('job_complete', 2, { job_id: 'job-a' }) });
  conn.send({ type: 'subscribed', job_id: 'job-b', snapshot: ev('job_complete', 3, { job_id: 'job-b' }) });
  assert.deepEqual([(await a.done).seq, (await b.done).seq], [2, 3]);
  assert.equal(errors.items.length, 0);
});

test('apigateway_MalformedResumedReply_CountedAndRetried', async (t) => {
  const { client: c, errors } = client();
  t.after(() => c.close());
  const job = c.watch('job-1');
  const conn = await server.nextConnection();
  await conn.next();
  conn.send({ type: 'resumed', job_id: 'job-1', outcome: 'sideways', seq: 1 });
  assert.equal((await errors.next()).code, 'malformed_frame');
  assert.equal(c.malformedFrames, 1);
  assert.deepEqual(await conn.next(), { action: 'resume', job_id: 'job-1' }); // random() 0: retried at once
  conn.send({ type: 'resumed', job_id: 'job-1', outcome: 'truncated', epoch: null, seq: 1, kept_seq: 1, snapshot: ev('job_complete', 1), streams: {}, replay: 0 });
  assert.equal((await job.done).seq, 1);
});

test('apigateway_CloseWhileConnecting_EndsTheAttemptAtOnce', async (t) => {
  // A server that accepts TCP connections and never answers the WebSocket upgrade: the attempt stays connecting.
  const sockets = [];
  // (Read what arrives: a paused socket would not notice the client's close.)
  const silent = createServer((socket) => sockets.push(socket.resume()));
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => { sockets.forEach((s) => s.destroy()); silent.close(); });
  const c = createProgressClient({
    transport: apiGatewayTransport({ url: `ws://127.0.0.1:${silent.address().port}`, WebSocket, connectTimeoutMs: 60_000 }),
    environment: {}, onError() {},
  });
  c.watch('job-1');
  await until(() => sockets.length === 1, 'the attempt');
  const ended = new Promise((resolve) => sockets[0].once('close', resolve));
  c.close();
  await within(ended, 'the attempt closed', 5_000);
  assert.equal(c.status, 'offline');
});
