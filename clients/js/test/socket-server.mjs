// A scripted WebSocket server on 127.0.0.1 (free port) for the API Gateway and AppSync adapter tests.
import { WebSocketServer } from 'ws';

/** A queue whose `next()` resolves with the next item pushed (or one already waiting); fails after `timeoutMs`. */
export function queue(timeoutMs = 20_000) {
  const items = [];
  const waiters = [];
  return {
    items,
    push(item) { const w = waiters.shift(); if (w) w(item); else items.push(item); },
    next(what = 'item') {
      if (items.length) return Promise.resolve(items.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
        waiters.push((item) => { clearTimeout(timer); resolve(item); });
      });
    },
  };
}

export async function startSocketServer(options = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  await new Promise((resolve) => server.once('listening', resolve));
  const connections = queue();
  server.on('connection', (socket, request) => {
    const messages = queue();
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    connections.push({
      socket, request, closed,
      next: (what) => messages.next(what ?? 'a client message'),
      send: (value) => socket.send(typeof value === 'string' ? value : JSON.stringify(value)),
    });
  });
  const { port } = server.address();
  return {
    url: `ws://127.0.0.1:${port}`,
    nextConnection: () => connections.next('a connection'),
    close: () => new Promise((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(resolve);
    }),
  };
}
