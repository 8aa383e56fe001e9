#!/usr/bin/env node
// The task relay the daemon starts (src/relay/); runs the TypeScript sources through tsx like the other bins.
import { register } from 'tsx/esm/api';

register();
const { relayMain } = await import('../../relay/main.ts');
process.exit(await relayMain(process.argv.slice(2)));
