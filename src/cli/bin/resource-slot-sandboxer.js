#!/usr/bin/env node
// Runs the compiled build when it matches the sources, else the TypeScript sources through tsx (src/build/).
import { loadEntry } from '../../build/load-entry.js';

const { main } = await loadEntry('resource-slot-sandboxer', new URL('../main.ts', import.meta.url));
process.exit(await main(process.argv.slice(2)));
