import fs from 'node:fs';
import path from 'node:path';
import { renderProtocolReference } from './renderProtocolReference.js';
import { currentSources, referencePath, repoRoot } from './protocolSources.js';

/** `npm run docs:protocol`: writes docs/protocol-reference.md from lib/protocol. */
fs.writeFileSync(referencePath, renderProtocolReference(currentSources()));
console.log(`wrote ${path.relative(repoRoot, referencePath)}`);
