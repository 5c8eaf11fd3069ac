import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

interface PageVisitRow {
  id: number;
  visitor_session_id: number;
  page_url: string;
  page_title: string | null;
  time_spent: number;
  visited_at: Date;
}

export const definePageVisit = (s: Sequelize): Static<PageVisitRow> =>
  s.define('PageVisit', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    visitor_session_id: { type: DataTypes.INTEGER, allowNull: false },
    page_url: { type: DataTypes.STRING(2048), allowNull: false },
    page_title: { type: DataTypes.STRING(500) },
    time_spent: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    visited_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  }, { tableName: 'visitor_page_visits', timestamps: false });
