#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm ci` is all the installation there is (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../conformance/main.ts');
const code = await main(process.argv.slice(2));
// A pipe takes stdout asynchronously: exiting at once would cut a long report at 64 KiB.
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(code);
