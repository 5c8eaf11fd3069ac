import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { clientFrameSchema } from '../../lib/realtime/frameSchema.js';
import type { ReferenceSources } from './renderProtocolReference.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const referencePath = path.join(repoRoot, 'docs/protocol-reference.md');

/** What the reference is generated from, as the working tree has it now. */
export function currentSources(): ReferenceSources {
  const read = (file: string) => fs.readFileSync(path.join(repoRoot, 'lib/protocol', file), 'utf8');
  return {
    frames: read('frames.ts'),
    events: read('events.ts'),
    dto: read('dto.ts'),
    http: read('http.ts'),
    clientFrameSchema: z.toJSONSchema(clientFrameSchema, { io: 'input' }) as ReferenceSources['clientFrameSchema'],
  };
}
