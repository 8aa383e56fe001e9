#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm ci` is all the installation there is (no build step).
import { register } from 'tsx/esm/api';

register();
const { runCluster } = await import('../../cluster/main.ts');
// A Ctrl-C during `up` stops what it started instead of leaving it running.
const interrupted = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => interrupted.abort());
const code = await runCluster(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interrupted: interrupted.signal,
});
// A pipe takes stdout asynchronously: exiting at once could cut what is still queued.
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(code);
