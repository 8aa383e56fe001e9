#!/usr/bin/env node
// The task relay the daemon starts (src/relay/); compiled or through tsx like the daemon (src/build/).
import { loadEntry } from '../../build/load-entry.js';

const { relayMain } = await loadEntry(
  'resource-slot-task-relay',
  new URL('../../relay/main.ts', import.meta.url),
);
process.exit(await relayMain(process.argv.slice(2)));
