import type { ExportFormat } from '../../../domain/history/exportWriters.js';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** chat-history-YYYY-MM-DD.csv|xlsx, the day the export was made. */
export const exportFileName = (format: ExportFormat, at: Date) => `chat-history-${at.toISOString().slice(0, 10)}.${format}`;
