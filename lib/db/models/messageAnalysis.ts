import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

/** A row of message_analyses: the AI layer's reading of one visitor message (docs/ai.md). */
export interface MessageAnalysisRow {
  message_id: number;
  chat_id: number;
  language: string;
  sentiment: number;
  polarity: 'positive' | 'neutral' | 'negative';
  intent: string | null;
  intent_score: number;
  wants_human: boolean;
  engine: string;
  created_at: Date;
}

export const defineMessageAnalysis = (s: Sequelize): Static<MessageAnalysisRow> =>
  s.define('MessageAnalysis', {
    message_id: { type: DataTypes.INTEGER, primaryKey: true },
    chat_id: { type: DataTypes.INTEGER, allowNull: false },
    language: { type: DataTypes.STRING(8), allowNull: false },
    sentiment: { type: DataTypes.FLOAT, allowNull: false },
    polarity: { type: DataTypes.STRING(8), allowNull: false },
    intent: { type: DataTypes.STRING(80) },
    intent_score: { type: DataTypes.FLOAT, allowNull: false },
    wants_human: { type: DataTypes.BOOLEAN, allowNull: false },
    engine: { type: DataTypes.STRING(20), allowNull: false },
  }, { tableName: 'message_analyses', updatedAt: false });
