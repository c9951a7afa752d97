// Starts the repository's sample servers (built in Release by `dotnet test`/`dotnet build -c Release`) on loopback
// with free ports, and stops them by PID.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function sampleDll(name) {
  const dll = join(repoRoot, 'samples', name, 'bin', 'Release', 'net10.0', `${name}.dll`);
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing: build it first (./build/test.sh does; or dotnet build samples/${name} -c Release).`);
  }
  return dll;
}

/**
 * Runs `dotnet <dll> args` and resolves once a stdout line matches `ready` (with the match), or rejects with the
 * process's output when it exits first or after `timeoutMs`.
 */
function startDotnet(dll, args, ready, timeoutMs = 120_000) {
  const child = spawn('dotnet', [dll, ...args], {
    cwd: dirname(dll),
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', DOTNET_NOLOGO: '1', ASPNETCORE_ENVIRONMENT: 'Development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${dll} not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      for (const line of output.split('\n')) {
        const match = ready.exec(line);
        if (match) { clearTimeout(timer); resolve(match); return; }
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`${dll} exited (${code ?? signal}) before it was ready:\n${output}`)); });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, 15_000);
    await exited;
    clearTimeout(timer);
  };
  return started.then((match) => ({ match, stop, pid: child.pid, output: () => output }), async (e) => { await stop(); throw e; });
}

/** Tries twice: a free port can be taken between choosing it and binding it. */
async function retryOnce(start) {
  try {
    return await start();
  } catch (e) {
    if (!/address already in use|EADDRINUSE/i.test(String(e.message))) throw e;
    return start();
  }
}

/** The SignalR sample (Kestrel + ProgressKit hub at /hubs/progress + the /jobs API). */
export function startSignalRSample() {
  const dll = sampleDll('SignalRSample');
  return retryOnce(async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const server = await startDotnet(dll, ['--urls', url], /Now listening on|Application started/);
    return { ...server, url };
  });
}

/** The API Gateway sample: dynalite + serverless-offline + the C# route handler + the /jobs API. */
export function startApiGatewaySample() {
  const dll = sampleDll('ApiGatewaySample');
  return retryOnce(async () => {
    const server = await startDotnet(dll, ['--port', String(await freePort())], /READY page=(\S+) websocket=(\S+)/);
    return { ...server, url: server.match[1].replace(/\/$/, ''), websocketUrl: server.match[2] };
  });
}

/** POST /jobs on a sample: starts a simulated pipeline job, returns its id. */
export async function startJob(baseUrl, body) {
  const response = await fetch(`${baseUrl}/jobs`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`POST /jobs: ${response.status} ${await response.text()}`);
  return (await response.json()).job_id;
}
