// Boot: GET /config.json names the transport; load its adapter and wire it to the dashboard.
import { getConfig, startJob } from './jobs-api.js';
import { createDashboard } from './dashboard.js';

// Loaded on demand so each sample only fetches (and needs the dependencies of) its own adapter.
const ADAPTERS = {
  signalr: './adapters/signalr-adapter.js',
  apigateway: './adapters/apigateway-adapter.js',
  appsync: './adapters/appsync-adapter.js',
};

async function main() {
  let adapter = null; // set right below, before any control is enabled
  const dashboard = createDashboard({
    startJob,
    subscribe: (jobId) => adapter.subscribe(jobId),
    unsubscribe: (jobId) => adapter.unsubscribe(jobId),
    cancel: (jobId) => adapter.cancel(jobId),
  });

  let config;
  try {
    config = await getConfig();
    const path = ADAPTERS[config.transport];
    if (!path) throw new Error(`unknown transport "${config.transport}"`);
    const { createAdapter } = await import(path);
    adapter = createAdapter(config, {
      onEvent: dashboard.applyEvent,
      onConnectionState: dashboard.setConnectionState,
      onError: (e) => dashboard.notify(`${e.code ? `${e.code}: ` : ''}${e.message ?? 'error'}`, 'error'),
    });
  } catch (e) {
    dashboard.setConnectionState('disconnected');
    dashboard.notify(`Could not start the dashboard: ${e.message}`, 'error');
    return;
  }

  dashboard.setTransport(config.transport);
  dashboard.ready();
  // Saved cards subscribe now; their subscribe() calls wait inside the adapter until connected.
  dashboard.restore();
  try {
    await adapter.connect();
  } catch (e) {
    dashboard.setConnectionState('disconnected');
    dashboard.notify(`Could not connect: ${e.message}`, 'error');
  }
}

main();
