// Transport adapter for an AWS API Gateway WebSocket API (config: {transport:"apigateway", websocketUrl}).
// Protocol: JSON frames {"action": "subscribe"|"unsubscribe"|"request_status"|"cancel_job", "job_id"};
// replies {"type":"subscribed"|"status", job_id, snapshot} and {"type":"error", code, message};
// every other frame is one progress event.
import { backoff, createGate, isProgressEvent, withTimeout } from './adapter-support.js';

const REPLY_TIMEOUT_MS = 10_000;

export function createAdapter(config, { onEvent, onConnectionState, onError = () => {} }) {
  const jobs = new Set(); // subscribed jobs, re-subscribed after every reconnect
  const gate = createGate();
  let waiters = []; // requests awaiting a reply: { type, jobId, resolve, reject }
  let ws = null;
  let started = false;
  let everConnected = false;
  let attempt = 0;

  function open() {
    onConnectionState(everConnected ? 'reconnecting' : 'connecting');
    ws = new WebSocket(config.websocketUrl);
    ws.onopen = () => {
      attempt = 0;
      gate.open();
      onConnectionState('connected');
      // The server forgets a connection's subscriptions when it drops, so restore them.
      if (everConnected) jobs.forEach(resubscribe);
      everConnected = true;
    };
    ws.onmessage = (msg) => handle(msg.data);
    // onerror is always followed by onclose; reconnecting there covers both.
    ws.onclose = () => {
      gate.close();
      const pending = waiters;
      waiters = [];
      pending.forEach((w) => w.reject(new Error('connection closed')));
      onConnectionState('reconnecting');
      setTimeout(open, backoff(attempt++));
    };
  }

  function handle(data) {
    let msg;
    try { msg = JSON.parse(data); } catch { return; }
    if (msg?.type === 'subscribed' || msg?.type === 'status') {
      const w = takeWaiter(msg.type, msg.job_id);
      if (w) w.resolve(msg.snapshot ?? null);
      else if (msg.snapshot) onEvent(msg.snapshot);
    } else if (msg?.type === 'error') {
      // Errors are matched to a request only when they name its job; the rest are shown to the user.
      const w = msg.job_id != null && takeWaiter(null, msg.job_id);
      if (w) w.reject(new Error(`${msg.code ?? 'error'}: ${msg.message ?? ''}`));
      else onError({ code: msg.code, message: msg.message, job_id: msg.job_id });
    } else if (isProgressEvent(msg)) {
      onEvent(msg);
    } else if (msg && typeof msg.message === 'string') {
      // API Gateway's own frames, e.g. {"message":"Internal server error","connectionId":..}.
      onError({ code: 'gateway', message: msg.message });
    }
  }

  function takeWaiter(type, jobId) {
    const i = waiters.findIndex((w) => (type == null || w.type === type) && w.jobId === String(jobId));
    return i < 0 ? null : waiters.splice(i, 1)[0];
  }

  async function send(message) {
    await gate.wait();
    ws.send(JSON.stringify(message));
  }

  async function request(action, replyType, jobId) {
    await gate.wait();
    const waiter = { type: replyType, jobId };
    const reply = new Promise((resolve, reject) => Object.assign(waiter, { resolve, reject }));
    waiters.push(waiter);
    ws.send(JSON.stringify({ action, job_id: jobId }));
    try {
      return await withTimeout(reply, REPLY_TIMEOUT_MS, `${action} ${jobId}`);
    } finally {
      waiters = waiters.filter((w) => w !== waiter);
    }
  }

  function resubscribe(jobId) {
    request('subscribe', 'subscribed', jobId)
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
      return request('subscribe', 'subscribed', jobId);
    },
    unsubscribe(jobId) {
      jobs.delete(jobId);
      // No need to wait for a connection: a dropped connection has no subscriptions left.
      if (gate.isOpen) ws.send(JSON.stringify({ action: 'unsubscribe', job_id: jobId }));
    },
    cancel(jobId) {
      return send({ action: 'cancel_job', job_id: jobId });
    },
    // Optional extra (not used by the dashboard): the job's newest event without subscribing.
    status(jobId) {
      return request('request_status', 'status', jobId);
    },
  };
}
