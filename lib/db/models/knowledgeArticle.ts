import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

/** A knowledge-base article: of one website, or global (client_id null). `tags`: comma-separated. */
export interface KnowledgeArticleRow {
  id: number;
  client_id: number | null;
  title: string;
  body: string;
  tags: string;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export const defineKnowledgeArticle = (s: Sequelize): Static<KnowledgeArticleRow> =>
  s.define('KnowledgeArticle', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER },
    title: { type: DataTypes.STRING(200), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    tags: { type: DataTypes.STRING(500), allowNull: false, defaultValue: '' },
    created_by: { type: DataTypes.INTEGER },
  }, { tableName: 'knowledge_articles' });
