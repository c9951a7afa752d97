// HTTP calls to the sample server. URLs are relative to the page, so the dashboard also works when the
// sample is hosted under a path base (the page is served at "/" by default).

const url = (path) => new URL(path, document.baseURI);

async function request(path, init) {
  const res = await fetch(url(path), { cache: 'no-store', ...init });
  if (!res.ok && res.status !== 404) {
    const detail = (await res.text().catch(() => '')).slice(0, 200);
    throw new Error(`${init?.method ?? 'GET'} ${path} failed: HTTP ${res.status}${detail ? ` ${detail}` : ''}`);
  }
  return res;
}

/** GET /config.json: which transport adapter to use and its settings. */
export async function getConfig() {
  const res = await request('config.json');
  if (res.status === 404) throw new Error('config.json not found');
  return res.json();
}

/**
 * POST /jobs. A JSON body is always sent (possibly "{}") so a server endpoint that binds an optional body
 * never sees a missing Content-Type.
 * @param {{fail?: boolean, durationSeconds?: number}} options
 * @returns {Promise<string>} the new job id
 */
export async function startJob({ fail = false, durationSeconds } = {}) {
  const body = {};
  if (fail) body.fail = true;
  if (Number.isFinite(durationSeconds) && durationSeconds > 0) body.duration_seconds = durationSeconds;
  const res = await request('jobs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status === 404) throw new Error('POST /jobs: not found');
  const json = await res.json();
  if (!json?.job_id) throw new Error('POST /jobs: reply has no job_id');
  return String(json.job_id);
}

/** POST /jobs/{id}/cancel, for transports whose protocol has no cancel message (AppSync). */
export async function cancelJob(jobId) {
  const res = await request(`jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST' });
  if (res.status === 404) throw new Error('Job not found');
}

/** GET /jobs/{id}: the job's newest event (a snapshot), or null when the server does not know the job. */
export async function getJob(jobId) {
  const res = await request(`jobs/${encodeURIComponent(jobId)}`);
  return res.status === 404 ? null : res.json();
}
