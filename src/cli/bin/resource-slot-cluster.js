#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm ci` is all the installation there is (no build step).
import { register } from 'tsx/esm/api';

register();
const { runCluster } = await import('../../cluster/main.ts');
process.exit(
  await runCluster(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }),
);
