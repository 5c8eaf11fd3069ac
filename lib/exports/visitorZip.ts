import fs from 'node:fs/promises';
import JSZip from 'jszip';
import type { Models } from '../db/models/index.js';
import type { VisitorRow } from '../db/models/visitor.js';
import { exportVisitorData } from '../domain/visitors/exportVisitorData.js';
import { chatFileStorage } from '../files/chatFileStorage.js';

/**
 * The ZIP of a visitor's data (GDPR access request): one JSON document per part and the files as
 * stored; a file gone from the disk is listed in missing-files.json. For the dashboard, the API and
 * `livechat visitor export`.
 */
export async function visitorZip(models: Models, dataDir: string, visitor: VisitorRow): Promise<{ bytes: Buffer; files: number }> {
  const { documents, files } = await exportVisitorData(models, visitor);
  const zip = new JSZip();
  for (const [name, doc] of Object.entries(documents)) zip.file(name, JSON.stringify(doc, null, 2));
  const storage = chatFileStorage(dataDir);
  const missing: string[] = [];
  for (const f of files) {
    const absolute = storage.resolve(f.storedPath);
    const bytes = absolute ? await fs.readFile(absolute).catch(() => null) : null;
    if (bytes) zip.file(f.zipPath, bytes);
    else missing.push(f.zipPath);
  }
  if (missing.length) zip.file('missing-files.json', JSON.stringify(missing, null, 2));
  return { bytes: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), files: files.length };
}
