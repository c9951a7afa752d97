// Starts a local AppSync GraphQL simulator on 127.0.0.1 and prints one line "READY {json}" on stdout when
// it listens. Env:
//   APPSYNC_PORT            port (0 or unset: a free port)
//   APPSYNC_API_KEY         API key (default "da2-localtestkey")
//   APPSYNC_SCHEMA_FILE     GraphQL schema file (default: schema.graphql beside this file)
//   APPSYNC_RESOLVERS_FILE  JSON array of {typeName, fieldName, requestMappingTemplate, responseMappingTemplate},
//                           all on one NONE data source (default: resolvers.json beside this file)
//   APPSYNC_SIM_RAW=1       run the simulator without the fidelity patches below (to see its defects)
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { AmplifyAppSyncSimulator } = require('@aws-amplify/amplify-appsync-simulator');

const t0 = Date.now();
const API_KEY = process.env.APPSYNC_API_KEY || 'da2-localtestkey';
const schemaFile = process.env.APPSYNC_SCHEMA_FILE || path.join(__dirname, 'schema.graphql');
const resolversFile = process.env.APPSYNC_RESOLVERS_FILE || path.join(__dirname, 'resolvers.json');

function loadConfig() {
  const schema = fs.readFileSync(schemaFile, 'utf8');
  const resolvers = JSON.parse(fs.readFileSync(resolversFile, 'utf8'));
  if (!Array.isArray(resolvers)) throw new Error(`${resolversFile}: expected a JSON array of resolvers`);
  return {
    appSync: {
      name: 'progresskit-local',
      apiKey: API_KEY,
      defaultAuthenticationType: { authenticationType: 'API_KEY' },
      additionalAuthenticationProviders: [{ authenticationType: 'AWS_IAM' }],
    },
    schema: { content: schema },
    dataSources: [{ type: 'NONE', name: 'none' }],
    resolvers: resolvers.map((r) => ({
      kind: 'UNIT',
      dataSourceName: 'none',
      typeName: r.typeName,
      fieldName: r.fieldName,
      requestMappingTemplate: r.requestMappingTemplate,
      responseMappingTemplate: r.responseMappingTemplate,
    })),
  };
}

// Fidelity patches; without them tests against the simulator prove nothing:
//  1. filter subscription events by subscription arguments (the simulator ignores them: amplify-cli #6026/#4725),
//     so a job-A subscriber does not get job B's events;
//  2. publish to subscribers only the fields in the mutation's selection set (real AppSync does; the simulator
//     sends the whole resolver result).
function applyFidelityPatches(sim) {
  const { AsyncLocalStorage } = require('async_hooks');
  const simDir = require.resolve('@aws-amplify/amplify-appsync-simulator');
  const { withFilter } = require(require.resolve('graphql-subscriptions', { paths: [simDir] }));
  const subType = sim.schema.getSubscriptionType();
  for (const [name, field] of Object.entries(subType ? subType.getFields() : {})) {
    field.subscribe = (root, args, ctx, info) => {
      if (ctx.appsyncErrors && ctx.appsyncErrors.length) throw new Error('Subscription failed');
      return withFilter(() => sim.pubsub.asyncIterator(name),
        (payload, a) => payload != null && Object.entries(a || {}).every(([k, v]) => v == null || payload[k] === v))(root, args, ctx, info);
    };
  }
  const als = new AsyncLocalStorage();
  const mutationType = sim.schema.getMutationType();
  for (const f of Object.values(mutationType ? mutationType.getFields() : {})) {
    const r = f.resolve;
    f.resolve = (p, a, c, info) => als.run(info, () => r(p, a, c, info));
  }
  const project = (val, selSet) => {
    if (val == null || typeof val !== 'object' || !selSet) return val;
    if (Array.isArray(val)) return val.map((v) => project(v, selSet));
    const out = {};
    for (const sel of selSet.selections) {
      if (sel.kind === 'Field' && sel.name.value in val) out[sel.name.value] = project(val[sel.name.value], sel.selectionSet);
      else if (sel.kind === 'InlineFragment') Object.assign(out, project(val, sel.selectionSet));
    }
    return out;
  };
  const publish = sim.pubsub.publish.bind(sim.pubsub);
  sim.pubsub.publish = (trigger, payload) => {
    const info = als.getStore();
    return publish(trigger, info ? project(payload, info.fieldNodes[0].selectionSet) : payload);
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Patch 3: a WebSocket 'start' with bad or missing auth throws inside an un-awaited promise in the simulator,
// which would kill the whole process (and every other subscriber with it).
process.on('unhandledRejection', (e) => console.error('[sim] unhandled rejection (kept alive):', e && e.message));

(async () => {
  const config = loadConfig();
  const port = Number(process.env.APPSYNC_PORT) || (await freePort());
  const sim = new AmplifyAppSyncSimulator({ port }); // wsPort is ignored: WebSocket shares the HTTP port
  sim.init(config);
  if (!process.env.APPSYNC_SIM_RAW) applyFidelityPatches(sim);
  // Private field: bind loopback only (the simulator listens on every interface by default).
  const http = sim._server._httpServer;
  const listen = http.listen.bind(http);
  http.listen = (p) => listen(p, '127.0.0.1');
  await sim.start();
  const info = {
    port,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    realtimeUrl: `ws://127.0.0.1:${port}/graphql/realtime`,
    apiKey: API_KEY,
    startupMs: Date.now() - t0,
  };
  process.stdout.write('READY ' + JSON.stringify(info) + '\n');
  const stop = async () => { await sim.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((e) => { console.error('FAILED', e); process.exit(1); });
