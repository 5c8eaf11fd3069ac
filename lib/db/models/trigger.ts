import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';
import type { TriggerAction, TriggerCondition } from '../../protocol/triggers.js';

export interface TriggerRow {
  id: number;
  client_id: number;
  name: string;
  enabled: boolean;
  /** Lower first: the first rule that matches wins. */
  priority: number;
  conditions: TriggerCondition[];
  action: TriggerAction;
  /** Null: once per visitor session; a number: once per that many days. */
  frequency_days: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface TriggerShowRow {
  id: number;
  trigger_id: number;
  visitor_id: number;
  visitor_session_id: number;
  page_visit_id: number | null;
  shown_at: Date;
  accepted_at: Date | null;
}

export const defineTrigger = (s: Sequelize): Static<TriggerRow> =>
  s.define('Trigger', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    client_id: { type: DataTypes.INTEGER, allowNull: false },
    name: { type: DataTypes.STRING(120), allowNull: false },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    conditions: { type: DataTypes.JSON, allowNull: false },
    action: { type: DataTypes.JSON, allowNull: false },
    frequency_days: { type: DataTypes.INTEGER },
  }, { tableName: 'triggers' });

export const defineTriggerShow = (s: Sequelize): Static<TriggerShowRow> =>
  s.define('TriggerShow', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    trigger_id: { type: DataTypes.INTEGER, allowNull: false },
    visitor_id: { type: DataTypes.INTEGER, allowNull: false },
    visitor_session_id: { type: DataTypes.INTEGER, allowNull: false },
    page_visit_id: { type: DataTypes.INTEGER },
    shown_at: { type: DataTypes.DATE, allowNull: false },
    accepted_at: { type: DataTypes.DATE },
  }, { tableName: 'trigger_shows', timestamps: false });
