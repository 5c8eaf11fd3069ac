/**
 * The shapes the dashboard gets from the server: all of them are lib/protocol's (HTTP bodies in
 * http.ts, realtime in dto.ts and events.ts). The dashboard's own names are aliases, nothing is restated.
 */
export type { AgentRef, AgentStatus, ChatCardDTO, ChatDTO, DepartmentDTO, MessageDTO, RoutingMode } from '../../../lib/protocol/dto.js';
export type { LivechatEvent } from '../../../lib/protocol/events.js';
export type {
  AgentListDTO,
  BusinessHours,
  BusinessHoursDTO,
  VisitorBlockDTO,
  Weekday,
  CannedResponseDTO as CannedResponse,
  CannedResponseListDTO,
  ChatContextDTO as ChatContext,
  ClientDTO as ClientInfo,
  ClientListDTO,
  DepartmentsResponse,
  DownloadLinkDTO,
  HistoryChatDTO,
  HistoryExportDTO,
  HistoryPageDTO,
  InboxDTO,
  LiveVisitorDTO as LiveVisitor,
  LiveVisitorListDTO,
  MessagePageDTO,
  NotificationDTO as NotificationItem,
  NotificationListDTO,
  ProactiveChatDTO,
  ProfileDTO as Profile,
  ProfileUpdateDTO,
  PushKeyDTO,
  ReportFiguresDTO,
  Role,
  SearchResultsDTO,
  SessionDTO,
  UnreadCountDTO,
  UserDTO as AgentInfo,
} from '../../../lib/protocol/http.js';
