// The AppSync adapter against a scripted fake of AWS's real-time protocol (ws server on loopback).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { appSyncTransport } from '../dist/appsync.js';
import { createProgressClient } from '../dist/index.js';
import { ev, until, within } from './helpers.mjs';
import { queue, startSocketServer } from './socket-server.mjs';

let server;
before(async () => {
  server = await startSocketServer({ handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false) });
});
after(() => server.close());

function client(options = {}, extra = {}) {
  const errors = queue();
  const c = createProgressClient({
    transport: appSyncTransport({ realtimeUrl: `${server.url}/graphql/realtime`, host: 'api.example', apiKey: 'da2-key', WebSocket, ...options }),
    random: () => 0, environment: {}, onError: (e) => errors.push(e), ...extra,
  });
  return { client: c, errors };
}

/** Accepts the next connection: checks the handshake, acknowledges it, returns it with the decoded header. */
async function accept(ack = { connectionTimeoutMs: 300_000 }) {
  const conn = await server.nextConnection();
  const url = new URL(conn.request.url, 'http://x');
  const header = JSON.parse(Buffer.from(url.searchParams.get('header'), 'base64').toString('utf8'));
  assert.equal(url.searchParams.get('payload'), 'e30=');
  assert.equal(conn.socket.protocol, 'graphql-ws');
  assert.deepEqual(await conn.next(), { type: 'connection_init' });
  conn.send({ type: 'connection_ack', payload: ack });
  return { conn, header };
}

/** AppSync's data message: AWSJSON fields as JSON text, fields the publisher left out as null. */
function data(id, evt) {
  const out = { stage: null, message: null, agent: null, chunk: null, results: null, error: null, metadata: null };
  for (const [k, v] of Object.entries(evt)) out[k] = ['agent', 'chunk', 'results', 'error', 'metadata'].includes(k) ? JSON.stringify(v) : v;
  return { id, type: 'data', payload: { data: { onJobProgress: out } } };
}

test('appsync_ApiKey_SubscribesAndFoldsDataMessages', async (t) => {
  const { client: c } = client({ snapshot: async () => ev('stage_started', 1, { stage: 'ingest' }) });
  t.after(() => c.close());
  const job = c.watch('job-1');
  const { conn, header } = await accept();
  assert.deepEqual(header, { host: 'api.example', 'x-api-key': 'da2-key' });
  const start = await conn.next();
  assert.equal(start.type, 'start');
  assert.deepEqual(start.payload.extensions.authorization, header);
  const request = JSON.parse(start.payload.data);
  assert.deepEqual(request.variables, { job_id: 'job-1' });
  assert.match(request.query, /onJobProgress\(job_id: \$job_id\) \{ v job_id epoch seq kept_seq type/);
  conn.send({ id: start.id, type: 'start_ack' });
  conn.send({ type: 'ka' });
  conn.send(data(start.id, ev('agent_status', 2, { stage: 'ingest', agent: { name: 'geo', status: 'invoking' } })));
  conn.send(data(start.id, ev('job_complete', 3, { stage: 'ingest', results: { a: 1 } })));
  const state = await job.done;
  assert.deepEqual(state.agents, { geo: { status: 'invoking', tool: null, confidence: null } });
  assert.deepEqual(state.results, { a: 1 });
  assert.equal(state.stage, 'ingest');
});

test('appsync_BearerToken_InHeaderAndStop_OnClose', async (t) => {
  const { client: c } = client({ apiKey: undefined, token: async () => 'eyJ.token', field: 'onProgress', fields: 'job_id seq type status progress' });
  t.after(() => c.close());
  const job = c.watch('job-1');
  const { conn, header } = await accept();
  assert.deepEqual(header, { host: 'api.example', Authorization: 'eyJ.token' });
  const start = await conn.next();
  assert.match(JSON.parse(start.payload.data).query, /\{ onProgress\(job_id: \$job_id\) \{ job_id seq type status progress \} \}/);
  conn.send({ id: start.id, type: 'start_ack' });
  await until(() => c.status === 'live', 'live');
  job.close();
  assert.deepEqual(await conn.next(), { type: 'stop', id: start.id });
});

test('appsync_UnauthorizedStart_DoneRejectsWithoutRetry', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const job = c.watch('job-1');
  const { conn } = await accept();
  const start = await conn.next();
  conn.send({ id: start.id, type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Not Authorized' }] } });
  await assert.rejects(job.done, { code: 'unauthenticated', message: 'Not Authorized' });
});

test('appsync_Cancel_CallsTheAppFunction', async (t) => {
  const cancelled = [];
  const { client: c } = client({ cancel: async (id) => { cancelled.push(id); } });
  t.after(() => c.close());
  const job = c.watch('job-1');
  await job.cancel();
  assert.deepEqual(cancelled, ['job-1']);
  const { client: without } = client();
  t.after(() => without.close());
  await assert.rejects(without.watch('job-2').cancel(), { code: 'cancel_unsupported' });
  await accept();
  await accept();
});

test('appsync_NoKeepAlive_ClosesAndReconnects', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  c.watch('job-1');
  // A connection that acknowledges with a short timeout and then stays silent is dead: the client reconnects.
  const { conn } = await accept({ connectionTimeoutMs: 50 });
  await conn.closed;
  const again = await accept();
  const start = await again.conn.next();
  assert.equal(start.type, 'start');
});

test('appsync_MalformedFrames_Reported', async (t) => {
  const { client: c, errors } = client();
  t.after(() => c.close());
  c.watch('job-1');
  const { conn } = await accept();
  const start = await conn.next();
  conn.send({ id: start.id, type: 'start_ack' });
  conn.send('}{');
  conn.send({ id: start.id, type: 'data', payload: { data: { onJobProgress: 'nope' } } });
  conn.send(data(start.id, { job_id: 'job-1', seq: 1 }));
  const codes = [(await errors.next()).code, (await errors.next()).code, (await errors.next()).code];
  assert.deepEqual(codes, ['malformed_frame', 'malformed_frame', 'malformed_frame']);
  assert.equal(c.malformedFrames, 3);
});

test('appsync_WatchMyJobs_SubscribesToTheUsersJobsAndFollowsEach', async (t) => {
  const { client: c } = client({ userId: 'user-7' });
  t.after(() => c.close());
  const states = [];
  c.watchMyJobs({ onState: (s) => states.push([s.jobId, s.seq, s.stage]) });
  const { conn } = await accept();
  const start = await conn.next();
  const request = JSON.parse(start.payload.data);
  assert.match(request.query, /\{ onUserProgress\(user_id: \$user_id\) \{ v job_id epoch seq kept_seq type/);
  assert.deepEqual(request.variables, { user_id: 'user-7' });
  conn.send({ id: start.id, type: 'start_ack' });
  const userData = (evt) => ({ id: start.id, type: 'data', payload: { data: { onUserProgress: { ...evt, agent: null } } } });
  conn.send(userData(ev('stage_started', 1, { job_id: 'job-a', stage: 'one' })));
  conn.send(userData(ev('stage_started', 1, { job_id: 'job-b', stage: 'two' })));
  conn.send(userData(ev('stage_started', 1, { job_id: 'job-a', stage: 'one' })));
  await until(() => states.length === 2, 'two jobs');
  assert.deepEqual(states, [['job-a', 1, 'one'], ['job-b', 1, 'two']]);
});

test('appsync_WatchMyJobsWithoutUserId_ReportsUnsupported', async (t) => {
  const { client: c, errors } = client();
  t.after(() => c.close());
  c.watchMyJobs({ onState() {} });
  await accept();
  assert.equal((await errors.next()).code, 'my_jobs_unsupported');
});

test('appsync_ConnectionError_RejectsTheAttemptWithAppSyncsCodeAtOnce', async (t) => {
  const { client: c, errors } = client({ connectTimeoutMs: 60_000 });
  t.after(() => c.close());
  c.watch('job-1');
  const conn = await server.nextConnection();
  await conn.next();
  conn.send({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } });
  const error = await errors.next();
  assert.deepEqual([error.code, error.message], ['unauthenticated', 'You are not authorized to make this call.']);
  await conn.closed;
  assert.equal(c.status, 'reconnecting');
  // The retry (random() 0: at once) connects to this shared server: complete it, so no later test takes it.
  const again = await accept();
  assert.equal((await again.conn.next()).type, 'start');
});

test('appsync_CancelWithoutAppFunction_RejectsWithCancelUnsupported', async (t) => {
  const { client: c } = client();
  t.after(() => c.close());
  const error = await c.watch('job-1').cancel().catch((e) => e);
  assert.equal(error.code, 'cancel_unsupported');
  assert.equal(error.jobId, 'job-1');
  await accept();
});

test('appsync_ErrorFramesOfAnyShape_ReportedNeverThrown', async (t) => {
  const { client: c, errors } = client();
  t.after(() => c.close());
  const job = c.watch('job-1');
  const { conn } = await accept();
  const start = await conn.next();
  conn.send({ id: start.id, type: 'start_ack' });
  conn.send({ id: start.id, type: 'error', payload: { errors: [null, 'text'] } });
  conn.send({ id: start.id, type: 'error', payload: { errors: { map: 1 } } });
  conn.send({ id: start.id, type: 'error' });
  conn.send([1, 2]);
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await errors.next()).code);
  assert.deepEqual(codes, ['subscription_error', 'malformed_frame', 'subscription_error', 'malformed_frame']);
  assert.equal(c.malformedFrames, 2);
  conn.send(data(start.id, ev('job_complete', 1)));
  assert.equal((await job.done).seq, 1);
});

test('appsync_CloseWhileConnecting_EndsTheAttemptAtOnce', async () => {
  const { client: c, errors } = client({ connectTimeoutMs: 60_000 });
  c.watch('job-1');
  const conn = await server.nextConnection();
  assert.deepEqual(await conn.next(), { type: 'connection_init' });
  c.close(); // before AppSync acknowledged the connection
  await within(conn.closed, 'the attempt closed', 5_000);
  assert.equal(c.status, 'offline');
  assert.equal(errors.items.length, 0);
});
