/** The shapes the dashboard gets from the HTTP API (the realtime ones come from lib/protocol). */
export type { AgentRef, AgentStatus, ChatCardDTO, ChatDTO, MessageDTO } from '../../../lib/protocol/dto.js';
export type { LivechatEvent } from '../../../lib/protocol/events.js';

export type Role = 'super_admin' | 'manager' | 'agent';

export interface Profile {
  id: number;
  email: string;
  name: string;
  pseudoName: string;
  avatarUrl: string | null;
  role: Role;
  status: 'online' | 'away' | 'offline';
  isActive: boolean;
  preferences: Record<string, unknown>;
  clientIds: number[] | null;
}

export interface ClientInfo {
  id: number;
  name: string;
  widgetKey: string;
  domains: string[];
  widgetSettings: { color: string; position: 'left' | 'right'; welcomeText: string; offlineText: string; serviceTypes: string[]; transcriptEmails: boolean };
  isActive: boolean;
  snippet?: string;
}

export interface AgentInfo {
  id: number;
  email: string;
  name: string;
  pseudoName: string;
  avatarUrl: string | null;
  role: Role;
  status: 'online' | 'away' | 'offline';
  isActive: boolean;
  clientIds?: number[];
}

export interface NotificationItem {
  id: number;
  type: string;
  data: Record<string, any>;
  readAt: string | null;
  createdAt: string;
}

export interface CannedResponse {
  id: number;
  clientId: number | null;
  shortcut: string;
  title: string;
  body: string;
}

export interface ChatContext {
  visitor: { id: number; name: string | null; email: string | null; phone: string | null; country: string | null; city: string | null; device: string | null; browser: string | null; os: string | null } | null;
  visit: { referrer: string | null; landingPage: string | null; currentPage: string | null; utm: Record<string, string> | null; online: boolean; startedAt: string } | null;
  pages: { url: string; title: string | null; at: string }[];
  previousChats: { id: number; status: string; startedAt: string; summary: string | null }[];
  files: { messageId: number; name: string | null; size: number | null; type: string | null; expired: boolean; at: string }[];
}

export interface LiveVisitor {
  visitorId: number;
  clientId: number;
  clientName: string;
  name: string | null;
  email: string | null;
  country: string | null;
  city: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
  currentPage: string | null;
  referrer: string | null;
  utm: Record<string, string> | null;
  startedAt: string;
  pagesViewed: number;
  openChatId: number | null;
}
