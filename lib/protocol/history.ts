import type { ChatStatus } from './dto.js';

/** GET /api/history: one chat of the history, with its visitor, website and who answered it. */
export interface HistoryChatDTO {
  id: number;
  clientId: number;
  clientName: string;
  status: ChatStatus;
  leadFormFilled: boolean;
  serviceType: string | null;
  visitor: { id: number; name: string | null; email: string | null; phone: string | null };
  startedAt: string;
  firstResponseAt: string | null;
  endedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  /** Pseudo names of the agents who took part, in the order they joined. */
  agents: string[];
  /** Messages and files, system lines not counted. */
  messages: number;
  files: number;
}

/** GET /api/history: a page, newest first; `next` is the cursor of the next page (null: this was the last). */
export interface HistoryPageDTO {
  chats: HistoryChatDTO[];
  next: string | null;
}

/** POST /api/history/exports and GET /api/history/exports/{id}: a background export and how far it got. */
export interface HistoryExportDTO {
  id: number;
  status: 'running' | 'done' | 'failed';
  format: 'csv' | 'xlsx';
  withMessages: boolean;
  /** Chats written so far, of `total` (0 until counted). */
  done: number;
  total: number;
  bytes: number | null;
  /** What went wrong and what to do, when failed. */
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Where to download the file, once done. */
  downloadUrl: string | null;
}
