#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm ci` is all the installation there is (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../conformance/main.ts');
process.exit(await main(process.argv.slice(2)));
