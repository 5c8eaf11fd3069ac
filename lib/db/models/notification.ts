import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';
import type { NotificationData } from '../../protocol/dto.js';

export interface NotificationRow {
  id: number;
  user_id: number;
  type: string;
  data: NotificationData;
  read_at: Date | null;
  created_at: Date;
}

export const defineNotification = (s: Sequelize): Static<NotificationRow> =>
  s.define('Notification', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    user_id: { type: DataTypes.INTEGER, allowNull: false },
    type: { type: DataTypes.STRING(40), allowNull: false },
    data: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
    read_at: { type: DataTypes.DATE },
  }, { tableName: 'notifications', updatedAt: false });
