import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';

export type AssistantMode = 'off' | 'offline' | 'always';

/** A website's assistant: when it answers visitors, and under which name. No row: off. */
export interface AssistantSettingRow {
  client_id: number;
  mode: AssistantMode;
  name: string;
  created_at: Date;
  updated_at: Date;
}

export const defineAssistantSetting = (s: Sequelize): Static<AssistantSettingRow> =>
  s.define('AssistantSetting', {
    client_id: { type: DataTypes.INTEGER, primaryKey: true },
    mode: { type: DataTypes.STRING(10), allowNull: false },
    name: { type: DataTypes.STRING(40), allowNull: false },
  }, { tableName: 'assistant_settings' });
