import { DataTypes, type Sequelize } from 'sequelize';
import type { Static } from './types.js';
import type { RoutingMode } from './department.js';

import type { BusinessHours, WebsiteWidgetSettings } from '../../protocol/http.js';

/** The widget_settings column holds what the dashboard edits (lib/protocol's shape); websites made before the widget-only keys lack them. */
type WidgetOnlyKeys = 'offlineTitle' | 'offlineThanks' | 'sound' | 'language' | 'leadRequired' | 'customFields' | 'consent' | 'rating' | 'agentAvatars' | 'whatsapp';
export type WidgetSettings = Omit<WebsiteWidgetSettings, WidgetOnlyKeys> & Partial<Pick<WebsiteWidgetSettings, WidgetOnlyKeys>>;

export interface ClientRow {
  id: number;
  name: string;
  widget_key: string;
  domains: string[];
  logo: string | null;
  widget_settings: WidgetSettings;
  /** The weekly schedule and closed days (null: always open). */
  business_hours: BusinessHours | null;
  is_active: boolean;
  routing_mode: RoutingMode;
  /** How long an auto-assigned chat waits for its agent to join before it goes to the next one. */
  accept_timeout_seconds: number;
  /** The secret the host site signs its logged-in users with (null: none made yet). */
  identity_secret: string | null;
  created_at: Date;
  updated_at: Date;
}

export const defineClient = (s: Sequelize): Static<ClientRow> =>
  s.define('Client', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING(120), allowNull: false },
    widget_key: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    domains: { type: DataTypes.JSON, allowNull: false, defaultValue: [] },
    logo: { type: DataTypes.STRING(255) },
    widget_settings: { type: DataTypes.JSON, allowNull: false },
    business_hours: { type: DataTypes.JSON },
    is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    // Defaults are the database's (migration 20261203180000), so rows made while it is rolled back still insert.
    routing_mode: { type: DataTypes.STRING(20) },
    accept_timeout_seconds: { type: DataTypes.INTEGER },
    identity_secret: { type: DataTypes.STRING(80) },
  }, { tableName: 'clients' });
