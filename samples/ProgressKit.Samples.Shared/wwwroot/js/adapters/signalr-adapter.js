// Transport adapter for the ASP.NET Core SignalR hub (config: {transport:"signalr", hubUrl}).
// Hub: server -> client "progress"(event); client -> server Subscribe(jobId) -> snapshot|null,
// Unsubscribe(jobId), SubscribeToMyJobs(), RequestStatus(jobId) -> snapshot|null, CancelJob(jobId).
import { backoff, createGate, sleep } from './adapter-support.js';

// The @microsoft/signalr browser build, copied into wwwroot/lib by the SignalR sample's build. It is loaded
// here rather than by index.html because the API Gateway and AppSync samples do not ship it.
const SIGNALR_SCRIPT = 'lib/signalr/signalr.min.js';

function loadSignalR() {
  if (globalThis.signalR) return Promise.resolve(globalThis.signalR);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(SIGNALR_SCRIPT, document.baseURI).href;
    script.onload = () => (globalThis.signalR ? resolve(globalThis.signalR) : reject(new Error('signalR global missing')));
    script.onerror = () => reject(new Error(`could not load ${SIGNALR_SCRIPT}`));
    document.head.append(script);
  });
}

// The wire format is snake_case. A hub left on SignalR's default camelCase JSON options would send
// "jobId"/"stageProgress"; map such top-level keys (and those of agent/chunk/error) back rather than
// showing an empty card. metadata and results are user data and stay as they are.
const snake = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
function normalize(evt) {
  if (evt == null || typeof evt !== 'object' || 'job_id' in evt) return evt ?? null;
  const out = {};
  for (const [key, value] of Object.entries(evt)) {
    const k = snake(key);
    const nested = (k === 'agent' || k === 'chunk' || k === 'error') && value && typeof value === 'object';
    out[k] = nested ? Object.fromEntries(Object.entries(value).map(([a, b]) => [snake(a), b])) : value;
  }
  return out;
}

export function createAdapter(config, { onEvent, onConnectionState, onError = () => {} }) {
  const jobs = new Set(); // subscribed jobs, re-subscribed after every reconnect
  const gate = createGate();
  let connection = null;
  let connecting = null;
  let everConnected = false;

  async function build() {
    const signalR = await loadSignalR();
    connection = new signalR.HubConnectionBuilder()
      .withUrl(new URL(config.hubUrl, document.baseURI).href)
      // Never give up (the default policy stops after 4 tries); 0.5 s doubling to 10 s.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => backoff(ctx.previousRetryCount) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection.on('progress', (evt) => onEvent(normalize(evt)));
    connection.onreconnecting(() => { gate.close(); onConnectionState('reconnecting'); });
    connection.onreconnected(() => afterConnect());
    // Only reached when the automatic reconnect is bypassed (e.g. the server closed the connection
    // without allowing reconnect): start over.
    connection.onclose(() => {
      gate.close();
      onConnectionState('disconnected');
      startLoop();
    });
  }

  let looping = false;
  async function startLoop() {
    if (looping) return; // onclose during a start() attempt must not begin a second loop
    looping = true;
    for (let attempt = 0; ; attempt++) {
      onConnectionState(everConnected || attempt > 0 ? 'reconnecting' : 'connecting');
      try {
        await connection.start();
        looping = false;
        return afterConnect();
      } catch {
        await sleep(backoff(attempt));
      }
    }
  }

  function afterConnect() {
    gate.open();
    onConnectionState('connected');
    // Also receive events of this user's other jobs (e.g. started in another tab). A hub that has no
    // user for an anonymous connection may refuse; that is fine.
    connection.invoke('SubscribeToMyJobs').catch(() => {});
    // A new connection has no group memberships: subscribe again and hand on the snapshots, which cover
    // whatever was missed while disconnected.
    if (everConnected) {
      for (const jobId of jobs) {
        connection.invoke('Subscribe', jobId)
          .then((snapshot) => snapshot && onEvent(normalize(snapshot)))
          .catch((e) => onError({ code: 'resubscribe_failed', message: e.message, job_id: jobId }));
      }
    }
    everConnected = true;
  }

  async function invoke(method, ...args) {
    await gate.wait();
    return connection.invoke(method, ...args);
  }

  return {
    connect() {
      connecting ??= build().then(startLoop);
      return connecting;
    },
    async subscribe(jobId) {
      jobs.add(jobId);
      try {
        return normalize(await invoke('Subscribe', jobId));
      } catch (e) {
        // ProgressKit's hub refuses an unknown job ("... HubException: job_not_found: ...") rather than
        // answering null; the dashboard's contract is null for a job the server does not know.
        if (/HubException: job_not_found:/.test(e?.message ?? '')) {
          jobs.delete(jobId);
          return null;
        }
        throw e;
      }
    },
    unsubscribe(jobId) {
      jobs.delete(jobId);
      if (gate.isOpen) connection.invoke('Unsubscribe', jobId).catch(() => {});
    },
    async cancel(jobId) {
      await invoke('CancelJob', jobId);
    },
    // Optional extra (not used by the dashboard): the job's newest event without subscribing.
    async status(jobId) {
      return normalize(await invoke('RequestStatus', jobId));
    },
  };
}
