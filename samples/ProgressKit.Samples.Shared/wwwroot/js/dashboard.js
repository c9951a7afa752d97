// Dashboard UI: one card per job, rendered from the job's newest event, persisted in localStorage.
// Transport-agnostic: it only calls the functions handed to createDashboard (see app.js).

const STORAGE_KEY = 'progresskit.dashboard.v1';
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const MAX_JOBS = 50; // oldest cards beyond this are dropped
const EARLY_TTL_MS = 60_000;
const EARLY_MAX = 200;

const $ = (root, selector) => root.querySelector(selector);

/**
 * @param {object} deps
 * @param {(o: {fail?: boolean, durationSeconds?: number}) => Promise<string>} deps.startJob
 * @param {(jobId: string) => Promise<object|null>} deps.subscribe
 * @param {(jobId: string) => void} deps.unsubscribe
 * @param {(jobId: string) => Promise<void>} deps.cancel
 */
export function createDashboard({ startJob, subscribe, unsubscribe, cancel }) {
  const list = document.getElementById('jobs');
  const template = document.getElementById('job-card-template');
  const notice = document.getElementById('notice');
  const badge = document.getElementById('connection-state');
  const startButtons = [document.getElementById('start-job'), document.getElementById('start-failing-job')];
  const duration = document.getElementById('job-duration');

  const jobs = new Map(); // jobId -> job (see newJob)
  // Events for jobs without a card yet, e.g. pushed by SubscribeToMyJobs before POST /jobs has answered.
  const early = new Map(); // jobId -> { at, events }
  const removed = new Set(); // ids removed by the user this session; their events are ignored
  let connection = 'connecting';
  let saveTimer = null;

  // ---- controls ----------------------------------------------------------------------------------

  document.getElementById('job-form').addEventListener('submit', (e) => {
    e.preventDefault();
    start(false);
  });
  document.getElementById('start-failing-job').addEventListener('click', () => start(true));

  async function start(fail) {
    if (!duration.checkValidity()) {
      notify(`Duration: ${duration.validationMessage}`, 'error');
      return;
    }
    const seconds = duration.value === '' ? undefined : Number(duration.value);
    startButtons.forEach((b) => (b.disabled = true));
    try {
      const jobId = await startJob({ fail, durationSeconds: seconds });
      notify(`Started job ${jobId}${fail ? ' (set to fail)' : ''}.`);
      track(addJob(jobId), false);
      save();
    } catch (e) {
      notify(`Could not start a job: ${e.message}`, 'error');
    } finally {
      startButtons.forEach((b) => (b.disabled = false));
    }
  }

  function notify(text, kind = 'info') {
    notice.textContent = text;
    notice.dataset.kind = kind;
  }

  // ---- jobs and cards ----------------------------------------------------------------------------

  function newJob(id) {
    return {
      id,
      lastSeq: 0, // seq of the newest applied event; anything not newer is ignored
      event: null, // newest applied event
      message: null, // newest non-empty message (not every event has one)
      error: null,
      results: undefined,
      agents: new Map(), // agent name -> agent object of its newest event
      streams: new Map(), // stream name -> Map(chunk index -> text)
      unknown: false, // the server no longer knows the job
      cancelling: false,
      finished: false, // terminal and unsubscribed
      card: null,
    };
  }

  /** Creates the job's card (at the top, or at the end while restoring) and replays early events. */
  function addJob(id, { atEnd = false, saved = null } = {}) {
    if (jobs.has(id)) return jobs.get(id);
    removed.delete(id);
    const job = newJob(id);
    if (saved) restoreState(job, saved);
    const card = template.content.firstElementChild.cloneNode(true);
    card.dataset.jobId = id;
    $(card, '.job-id').textContent = id;
    const titleId = `job-title-${cssId(id)}`;
    $(card, '.job-title').id = titleId;
    card.setAttribute('aria-labelledby', titleId);
    $(card, '.cancel-job').addEventListener('click', () => requestCancel(job));
    $(card, '.remove-job').addEventListener('click', () => remove(job));
    job.card = card;
    jobs.set(id, job);
    if (atEnd) list.append(card); else list.prepend(card);
    while (!atEnd && jobs.size > MAX_JOBS) dropJob(jobs.get(list.lastElementChild.dataset.jobId));
    render(job);
    const pending = early.get(id);
    early.delete(id);
    pending?.events.sort((a, b) => a.seq - b.seq).forEach(applyEvent);
    updateEmpty();
    return job;
  }

  /** Subscribes and renders from the snapshot. `restored`: the id came from localStorage. */
  async function track(job, restored) {
    try {
      const snapshot = await subscribe(job.id);
      if (snapshot) applyEvent(snapshot);
      // A job the server has forgotten (restarted, expired). A fresh job's snapshot can only be missing
      // by a race, so only restored jobs are marked.
      else if (restored && !isTerminal(job) && jobs.get(job.id) === job) markUnknown(job);
      // A restored job that had already ended (its snapshot adds nothing new) needs no subscription.
      if (isTerminal(job)) finish(job);
    } catch (e) {
      notify(`Could not subscribe to job ${job.id}: ${e.message}. It is retried after a reconnect.`, 'error');
    }
  }

  function markUnknown(job) {
    job.unknown = true;
    job.message = 'The server no longer knows this job.';
    finish(job);
    render(job);
    save();
  }

  function requestCancel(job) {
    job.cancelling = true;
    render(job);
    cancel(job.id).then(
      () => notify(`Cancellation of job ${job.id} requested.`),
      (e) => {
        job.cancelling = false;
        render(job);
        notify(`Could not cancel job ${job.id}: ${e.message}`, 'error');
      });
  }

  function remove(job) {
    const next = job.card.nextElementSibling ?? job.card.previousElementSibling;
    dropJob(job);
    removed.add(job.id);
    save();
    updateEmpty();
    // Keep keyboard focus in the list instead of losing it with the removed button.
    (next ? $(next, '.remove-job') : document.getElementById('start-job')).focus();
  }

  function dropJob(job) {
    if (!job.finished) unsubscribe(job.id);
    job.card.remove();
    jobs.delete(job.id);
  }

  const isTerminal = (job) => job.unknown || TERMINAL.has(job.event?.status);

  /** Stops listening to a job that can no longer change. */
  function finish(job) {
    if (job.finished) return;
    job.finished = true;
    unsubscribe(job.id);
  }

  // ---- events ------------------------------------------------------------------------------------

  function applyEvent(evt) {
    if (evt == null || typeof evt !== 'object' || evt.job_id == null) return;
    const id = String(evt.job_id);
    const job = jobs.get(id);
    if (!job) return keepEarly(id, evt);
    const seq = Number(evt.seq);
    // Snapshots and live events overlap, and reconnects replay: apply each seq once, in order.
    if (!Number.isFinite(seq) || seq <= job.lastSeq) return;
    job.lastSeq = seq;
    job.event = evt;
    job.unknown = false;
    if (evt.message) job.message = evt.message;
    if (evt.error) job.error = evt.error;
    if (evt.results !== undefined) job.results = evt.results;
    if (evt.agent?.name) job.agents.set(evt.agent.name, evt.agent);
    if (evt.chunk) addChunk(job, evt.chunk);
    render(job);
    if (isTerminal(job)) finish(job);
    save();
  }

  function keepEarly(id, evt) {
    if (removed.has(id)) return;
    const now = Date.now();
    for (const [key, entry] of early) if (now - entry.at > EARLY_TTL_MS) early.delete(key);
    const entry = early.get(id) ?? { at: now, events: [] };
    if (entry.events.length < EARLY_MAX) entry.events.push(evt);
    early.set(id, entry);
  }

  function addChunk(job, chunk) {
    const name = chunk.stream ?? 'output';
    const stream = job.streams.get(name) ?? new Map();
    job.streams.set(name, stream);
    const index = Number.isFinite(chunk.index) ? chunk.index : stream.size;
    if (!stream.has(index)) stream.set(index, String(chunk.text ?? '')); // a duplicate index is ignored
  }

  // ---- rendering (textContent only: event data is never parsed as HTML) ----------------------------

  function render(job) {
    const { card } = job;
    const e = job.event ?? {};
    const status = job.unknown ? 'unknown' : (e.status ?? 'pending');
    const terminal = isTerminal(job);
    card.dataset.state = status;

    let stateText = status;
    if (status === 'failed' && job.error) {
      stateText += ` (${[job.error.code, job.error.message].filter(Boolean).join(': ')})`;
    }
    setText($(card, '.job-state'), stateText);

    const pct = Math.max(0, Math.min(100, Math.floor(Number(e.progress) || 0)));
    const bar = $(card, '.progress-bar');
    bar.style.width = `${pct}%`;
    bar.setAttribute('aria-valuenow', String(pct));
    bar.setAttribute('aria-valuetext', e.stage ? `${pct}%, ${e.stage}` : `${pct}%`);
    setText($(card, '.progress-text'), `${pct}%`);

    const stagePct = Number(e.stage_progress);
    setText($(card, '.job-stage'),
      e.stage ? (Number.isFinite(stagePct) ? `${e.stage} (${Math.floor(stagePct)}%)` : e.stage) : '—');
    const eta = Number(e.estimated_seconds_remaining);
    setText($(card, '.job-eta'),
      !terminal && e.estimated_seconds_remaining != null && Number.isFinite(eta) ? `~${Math.ceil(Math.max(0, eta))} s left` : '—');
    setText($(card, '.job-connection'), connection);
    setText($(card, '.job-message'), job.message ?? '—');

    renderAgents(job);
    renderStreams(job);

    const results = $(card, '.job-results-section');
    results.hidden = job.results === undefined;
    if (!results.hidden) setText($(card, '.job-results'), JSON.stringify(job.results, null, 2));

    const truncated = $(card, '.job-truncated');
    truncated.hidden = !e.truncated?.length;
    if (!truncated.hidden) setText(truncated, `Cut for size: ${e.truncated.join(', ')}`);

    const cancelButton = $(card, '.cancel-job');
    cancelButton.disabled = terminal || job.cancelling;
    setText(cancelButton, job.cancelling && !terminal ? 'Cancelling…' : 'Cancel');
  }

  function renderAgents(job) {
    const section = $(job.card, '.job-agents-section');
    section.hidden = job.agents.size === 0;
    const items = [...job.agents.values()].map((agent) => {
      const li = el('li', 'agent');
      li.dataset.agent = agent.name;
      li.append(el('span', 'agent-name', agent.name));
      const status = el('span', 'agent-status', agent.status ?? 'unknown');
      status.dataset.status = agent.status ?? 'unknown';
      li.append(status);
      if (agent.tool) li.append(el('span', 'agent-tool', `tool: ${agent.tool}`));
      const confidence = Number(agent.confidence);
      if (agent.confidence != null && Number.isFinite(confidence)) {
        li.append(el('span', 'agent-confidence', `confidence ${Math.round(confidence * 100)}%`));
      }
      return li;
    });
    $(job.card, '.job-agents').replaceChildren(...items);
  }

  function renderStreams(job) {
    const output = $(job.card, '.job-output');
    $(job.card, '.job-output-section').hidden = job.streams.size === 0;
    output.toggleAttribute('data-multi', job.streams.size > 1);
    // Follow the text while the reader is at the bottom; leave them alone when they scrolled up.
    const atBottom = output.scrollHeight - output.scrollTop - output.clientHeight < 4;
    for (const [name, chunks] of job.streams) {
      let pre = [...output.children].find((p) => p.dataset.stream === name);
      if (!pre) {
        pre = el('pre', 'stream');
        pre.dataset.stream = name;
        output.append(pre);
      }
      setText(pre, [...chunks].sort((a, b) => a[0] - b[0]).map(([, text]) => text).join(''));
    }
    if (atBottom) output.scrollTop = output.scrollHeight;
  }

  function setConnectionState(state) {
    connection = state;
    badge.dataset.state = state;
    setText(badge, state);
    jobs.forEach(render);
  }

  function updateEmpty() {
    document.getElementById('jobs-empty').hidden = jobs.size > 0;
  }

  // ---- persistence -------------------------------------------------------------------------------
  // The ids are what matters (the cards re-subscribe and render from the snapshot). The last state,
  // agents and streamed text are kept too: a snapshot is only the newest event, so text streamed
  // before a reload would otherwise be gone.

  function save() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, 200);
  }

  function saveNow() {
    clearTimeout(saveTimer);
    if (saveTimer === null) return; // nothing changed since the last write
    saveTimer = null;
    const ordered = [...list.children].map((card) => jobs.get(card.dataset.jobId)).filter(Boolean);
    const full = ordered.map((j) => ({
      id: j.id,
      event: j.event,
      message: j.message,
      error: j.error,
      results: j.results,
      unknown: j.unknown,
      agents: [...j.agents.values()],
      streams: [...j.streams].map(([name, chunks]) => [name, [...chunks]]),
    }));
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ v: 1, jobs: full }));
    } catch {
      // Quota exceeded (large streams) or storage disabled: fall back to the ids alone.
      try { localStorage.setItem(STORAGE_KEY, JSON.stringify({ v: 1, jobs: ordered.map((j) => ({ id: j.id })) })); } catch { /* no storage */ }
    }
  }

  function restoreState(job, saved) {
    job.event = saved.event ?? null;
    job.lastSeq = Number(saved.event?.seq) || 0;
    job.message = saved.message ?? null;
    job.error = saved.error ?? null;
    job.results = saved.results;
    job.unknown = !!saved.unknown;
    for (const agent of saved.agents ?? []) if (agent?.name) job.agents.set(agent.name, agent);
    for (const [name, chunks] of saved.streams ?? []) job.streams.set(name, new Map(chunks));
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}').jobs ?? []; } catch { return []; }
  }

  /** Recreates the saved cards and re-subscribes to each job. */
  function restore() {
    for (const entry of load()) {
      if (typeof entry?.id !== 'string' || jobs.has(entry.id)) continue;
      // Ended jobs are subscribed too, once: the snapshot may hold more than the cache (and track()
      // unsubscribes right after).
      track(addJob(entry.id, { atEnd: true, saved: entry }), true);
    }
    updateEmpty();
  }

  window.addEventListener('pagehide', saveNow);
  // Another tab of the dashboard saved: show the jobs it started here too, so that neither tab drops
  // the other's jobs from the saved list on its next write.
  window.addEventListener('storage', (e) => {
    if (e.key !== STORAGE_KEY) return;
    for (const entry of load()) {
      if (typeof entry?.id === 'string' && !jobs.has(entry.id) && !removed.has(entry.id)) {
        track(addJob(entry.id, { atEnd: true }), false);
      }
    }
  });

  return {
    restore,
    applyEvent,
    setConnectionState,
    notify,
    setTransport(name) { setText(document.getElementById('transport-name'), name); },
    /** Enables the start controls once the adapter exists. */
    ready() {
      startButtons.forEach((b) => (b.disabled = false));
      document.body.dataset.ready = 'true';
    },
  };
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** Writes text only when it changed, so aria-live regions announce real changes only. */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const cssId = (id) => id.replace(/[^A-Za-z0-9_-]/g, '_');
