// Transport adapter for AWS AppSync real-time subscriptions
// (config: {transport:"appsync", realtimeUrl, host, apiKey}), following AWS's documented protocol:
// WebSocket (subprotocol graphql-ws) -> connection_init -> connection_ack; per job start -> start_ack,
// then "data" messages; stop -> complete; "ka" keep-alives. The protocol has no cancel message, so cancel
// and the snapshot go through the sample server's HTTP API.
import { cancelJob, getJob } from '../jobs-api.js';
import { backoff, createGate, uuid, withTimeout } from './adapter-support.js';

// Every field of the event, in one place. The AWSJSON ones arrive as JSON text and are parsed below.
const EVENT_FIELDS =
  'v job_id epoch seq kept_seq type status progress stage stage_progress message estimated_seconds_remaining timestamp ' +
  'user_id tenant_id correlation_id source agent chunk results error metadata truncated';
const AWSJSON_FIELDS = ['agent', 'chunk', 'results', 'error', 'metadata'];
const SUBSCRIPTION =
  `subscription OnJobProgress($job_id: ID!) { onJobProgress(job_id: $job_id) { ${EVENT_FIELDS} } }`;

const ACK_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 300_000;

/** base64 of UTF-8 text (btoa alone only takes Latin-1). */
const base64 = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

function parseAwsJson(value) {
  // Parse twice at most: a resolver that stores JSON text and serializes it again double-encodes it.
  for (let i = 0; i < 2 && typeof value === 'string'; i++) {
    try { value = JSON.parse(value); } catch { break; }
  }
  return value;
}

/** GraphQL returns null for every field the publisher left out; the wire format omits them instead. */
function fromAppSync(data, jobId) {
  const evt = {};
  for (const [key, value] of Object.entries(data)) {
    if (value == null) continue;
    evt[key] = AWSJSON_FIELDS.includes(key) ? parseAwsJson(value) : value;
  }
  evt.job_id ??= jobId;
  return evt;
}

export function createAdapter(config, { onEvent, onConnectionState, onError = () => {} }) {
  const auth = { host: config.host, 'x-api-key': config.apiKey };
  const jobs = new Set(); // jobs the page wants, started again on every new connection
  const subIds = new Map(); // jobId -> subscription id on the current socket
  const jobOf = new Map(); // subscription id -> jobId
  const acks = new Map(); // subscription id -> { resolve, reject } until start_ack
  const gate = createGate();
  let ws = null;
  let started = false;
  let everConnected = false;
  let attempt = 0;
  let watchdog = null;
  let connectionTimeoutMs = DEFAULT_CONNECTION_TIMEOUT_MS;

  function open() {
    onConnectionState(everConnected ? 'reconnecting' : 'connecting');
    // The header travels base64-encoded in the query; URL-encode it too, as "+" would otherwise be read
    // as a space by the server's query parser.
    const header = encodeURIComponent(base64(JSON.stringify(auth)));
    ws = new WebSocket(`${config.realtimeUrl}?header=${header}&payload=e30=`, ['graphql-ws']);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init' }));
    ws.onmessage = (msg) => {
      let m;
      try { m = JSON.parse(msg.data); } catch { return; }
      armWatchdog();
      handle(m);
    };
    ws.onclose = () => {
      clearTimeout(watchdog);
      gate.close();
      subIds.clear();
      jobOf.clear();
      acks.forEach((a) => a.reject(new Error('connection closed')));
      acks.clear();
      onConnectionState('reconnecting');
      setTimeout(open, backoff(attempt++));
    };
  }

  // AppSync sends "ka" well within connectionTimeoutMs; silence for that long means a dead connection
  // that the browser may take minutes to notice on its own.
  function armWatchdog() {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => ws.close(), connectionTimeoutMs);
  }

  function handle(m) {
    switch (m.type) {
      case 'connection_ack':
        // AWS names it connectionTimeoutMs; the Amplify simulator connectionTimeout.
        connectionTimeoutMs = m.payload?.connectionTimeoutMs ?? m.payload?.connectionTimeout ?? connectionTimeoutMs;
        armWatchdog();
        attempt = 0;
        gate.open();
        onConnectionState('connected');
        if (everConnected) jobs.forEach((jobId) => restart(jobId));
        everConnected = true;
        break;
      case 'start_ack':
        acks.get(m.id)?.resolve();
        acks.delete(m.id);
        break;
      case 'data': {
        const jobId = jobOf.get(m.id);
        const data = m.payload?.data?.onJobProgress;
        if (jobId && data) onEvent(fromAppSync(data, jobId));
        break;
      }
      case 'error': {
        const message = m.payload?.errors?.map((e) => e.message ?? e.errorType).join('; ') || 'subscription error';
        const ack = acks.get(m.id);
        if (ack) { acks.delete(m.id); ack.reject(new Error(message)); } else onError({ code: 'appsync', message });
        break;
      }
      case 'connection_error':
        onError({ code: 'connection_error', message: JSON.stringify(m.payload?.errors ?? m.payload ?? '') });
        ws.close();
        break;
      case 'complete':
        jobOf.delete(m.id);
        break;
      default: // "ka" (handled by the watchdog) and anything newer
    }
  }

  async function start(jobId) {
    await gate.wait();
    if (subIds.has(jobId)) return; // already started on this socket
    const id = uuid();
    subIds.set(jobId, id);
    jobOf.set(id, jobId);
    const acked = new Promise((resolve, reject) => acks.set(id, { resolve, reject }));
    ws.send(JSON.stringify({
      id,
      type: 'start',
      payload: {
        data: JSON.stringify({ query: SUBSCRIPTION, variables: { job_id: jobId } }),
        extensions: { authorization: auth },
      },
    }));
    try {
      await withTimeout(acked, ACK_TIMEOUT_MS, `subscribe ${jobId}`);
    } catch (e) {
      if (subIds.get(jobId) === id) subIds.delete(jobId);
      jobOf.delete(id);
      acks.delete(id);
      throw e;
    }
  }

  // Events published between the last event seen and start_ack are lost (AppSync does not replay), so
  // the snapshot is fetched over HTTP only after the subscription is live.
  async function subscribeAndSnapshot(jobId) {
    await start(jobId);
    return getJob(jobId);
  }

  function restart(jobId) {
    subscribeAndSnapshot(jobId)
      .then((snapshot) => snapshot && onEvent(snapshot))
      .catch((e) => onError({ code: 'resubscribe_failed', message: e.message, job_id: jobId }));
  }

  return {
    connect() {
      if (!started) { started = true; open(); }
      return gate.wait();
    },
    async subscribe(jobId) {
      jobs.add(jobId);
      return subscribeAndSnapshot(jobId);
    },
    unsubscribe(jobId) {
      jobs.delete(jobId);
      const id = subIds.get(jobId);
      subIds.delete(jobId);
      if (id && gate.isOpen) ws.send(JSON.stringify({ type: 'stop', id }));
    },
    cancel(jobId) {
      return cancelJob(jobId);
    },
    // Optional extra (not used by the dashboard): the job's newest event without subscribing.
    status(jobId) {
      return getJob(jobId);
    },
  };
}
