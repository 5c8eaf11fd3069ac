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
