import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formattedTransitionsDoc, TRANSITIONS_DOC } from './doc.js';

// `npm run docs:transitions`: regenerates docs/transitions.md from the machines.
fs.writeFileSync(TRANSITIONS_DOC, await formattedTransitionsDoc());
process.stdout.write(`wrote ${fileURLToPath(TRANSITIONS_DOC)}\n`);
