import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import { actorNames, auditWhere, type auditFilters } from './listAudit.js';

const PAGE = 500;

/** The filtered audit log as CSV, newest first, read a page at a time (memory stays flat however long the log). */
export async function exportAudit(models: Models, filter: z.infer<typeof auditFilters>, out: Writable): Promise<void> {
  const csv = stringify({ bom: true, header: true, columns: ['id', 'time', 'actor_type', 'actor_id', 'actor', 'action', 'website_id', 'target_type', 'target_id', 'ip', 'details'] });
  csv.pipe(out);
  let beforeId: number | undefined;
  for (;;) {
    const rows = await models.AuditLog.findAll({ where: auditWhere(filter, beforeId), order: [['id', 'DESC']], limit: PAGE });
    const names = await actorNames(models, rows);
    for (const r of rows) {
      const row = [r.id, new Date(r.created_at).toISOString(), r.actor_type, r.actor_id, r.actor_id ? (names.get(r.actor_id) ?? '') : '', r.action, r.client_id ?? '', r.target_type ?? '', r.target_id ?? '', r.ip ?? '', r.details ? JSON.stringify(r.details) : ''];
      if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
    }
    if (rows.length < PAGE) break;
    beforeId = rows[rows.length - 1].id;
  }
  csv.end();
}
