'use strict';
// Preloaded (`node --require`) into every emulator that ProgressKit.LocalServers starts. The parent keeps this
// process's stdin open as a pipe and never writes to it, so end-of-file means the parent died (for example a
// test host killed by a hang timeout); the emulator must not outlive it and hold its port.
const { isMainThread } = require('worker_threads');

// Worker threads (serverless-offline runs each Lambda in one) have their own empty stdin: watch only the main one.
if (isMainThread && !process.stdin.isTTY) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}
