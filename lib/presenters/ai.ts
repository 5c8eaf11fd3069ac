import type { MessageAnalysisRow } from '../db/models/messageAnalysis.js';
import type { MessageAnalysisDTO } from '../protocol/dto.js';

export function messageAnalysisDTO(row: Pick<MessageAnalysisRow, 'message_id' | 'language' | 'sentiment' | 'polarity' | 'intent' | 'wants_human'>): MessageAnalysisDTO {
  return { messageId: row.message_id, language: row.language, sentiment: row.sentiment, polarity: row.polarity, intent: row.intent, wantsHuman: Boolean(row.wants_human) };
}
