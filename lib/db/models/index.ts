import type { Sequelize } from 'sequelize';
import { defineClient } from './client.js';
import { defineUser } from './user.js';
import { defineClientAgent } from './clientAgent.js';
import { defineVisitor } from './visitor.js';
import { defineVisitorSession } from './visitorSession.js';
import { definePageVisit } from './pageVisit.js';
import { defineChat } from './chat.js';
import { defineChatParticipant } from './chatParticipant.js';
import { defineMessage } from './message.js';
import { defineMessageChange } from './messageChange.js';
import { defineChatTransfer } from './chatTransfer.js';
import { defineNotification } from './notification.js';
import { defineAnalyticsSnapshot } from './analyticsSnapshot.js';
import { defineAuditLog } from './auditLog.js';
import { defineSession } from './session.js';
import { defineCannedResponse } from './cannedResponse.js';
import { definePushSubscription } from './pushSubscription.js';
import { defineReportSubscription } from './reportSubscription.js';
import { defineVisitorBlock } from './visitorBlock.js';
import { defineWebhookDelivery, defineWebhookSubscription } from './webhook.js';
import { defineApiToken } from './apiToken.js';
import { defineTrigger, defineTriggerShow } from './trigger.js';
import { defineDepartment, defineDepartmentAgent } from './department.js';
import { defineMessageAnalysis } from './messageAnalysis.js';
import { defineKnowledgeArticle } from './knowledgeArticle.js';
import { defineAssistantSetting } from './assistantSetting.js';

/** Defines every model on one Sequelize instance (no global model classes) and wires the associations. */
export function defineModels(sequelize: Sequelize) {
  const m = {
    Client: defineClient(sequelize),
    User: defineUser(sequelize),
    ClientAgent: defineClientAgent(sequelize),
    Visitor: defineVisitor(sequelize),
    VisitorSession: defineVisitorSession(sequelize),
    PageVisit: definePageVisit(sequelize),
    Chat: defineChat(sequelize),
    ChatParticipant: defineChatParticipant(sequelize),
    Message: defineMessage(sequelize),
    MessageChange: defineMessageChange(sequelize),
    ChatTransfer: defineChatTransfer(sequelize),
    Notification: defineNotification(sequelize),
    AnalyticsSnapshot: defineAnalyticsSnapshot(sequelize),
    AuditLog: defineAuditLog(sequelize),
    Session: defineSession(sequelize),
    CannedResponse: defineCannedResponse(sequelize),
    ApiToken: defineApiToken(sequelize),
    PushSubscription: definePushSubscription(sequelize),
    ReportSubscription: defineReportSubscription(sequelize),
    VisitorBlock: defineVisitorBlock(sequelize),
    WebhookSubscription: defineWebhookSubscription(sequelize),
    WebhookDelivery: defineWebhookDelivery(sequelize),
    Trigger: defineTrigger(sequelize),
    TriggerShow: defineTriggerShow(sequelize),
    Department: defineDepartment(sequelize),
    DepartmentAgent: defineDepartmentAgent(sequelize),
    MessageAnalysis: defineMessageAnalysis(sequelize),
    KnowledgeArticle: defineKnowledgeArticle(sequelize),
    AssistantSetting: defineAssistantSetting(sequelize),
  };
  m.Client.belongsToMany(m.User, { through: m.ClientAgent, foreignKey: 'client_id', otherKey: 'user_id', as: 'agents' });
  m.User.belongsToMany(m.Client, { through: m.ClientAgent, foreignKey: 'user_id', otherKey: 'client_id', as: 'clients' });
  m.Visitor.belongsTo(m.Client, { foreignKey: 'client_id', as: 'client' });
  m.VisitorSession.belongsTo(m.Visitor, { foreignKey: 'visitor_id', as: 'visitor' });
  m.PageVisit.belongsTo(m.VisitorSession, { foreignKey: 'visitor_session_id', as: 'session' });
  m.Chat.belongsTo(m.Client, { foreignKey: 'client_id', as: 'client' });
  m.Chat.belongsTo(m.Visitor, { foreignKey: 'visitor_id', as: 'visitor' });
  m.Chat.hasMany(m.ChatParticipant, { foreignKey: 'chat_id', as: 'participants' });
  m.Chat.hasMany(m.Message, { foreignKey: 'chat_id', as: 'messages' });
  m.ChatParticipant.belongsTo(m.User, { foreignKey: 'user_id', as: 'user' });
  m.Message.belongsTo(m.Chat, { foreignKey: 'chat_id', as: 'chat' });
  m.Session.belongsTo(m.User, { foreignKey: 'user_id', as: 'user' });
  return m;
}

export type Models = ReturnType<typeof defineModels>;

/**
 * Tables in the order a restore must fill them (parents first). Backup, restore and the
 * migration round-trip test all read this one list.
 */
export const TABLES_IN_DEPENDENCY_ORDER = [
  'clients', 'users', 'client_agent', 'visitors', 'visitor_sessions', 'visitor_page_visits', 'chats',
  'chat_participants', 'messages', 'message_changes', 'chat_transfers', 'notifications', 'analytics_snapshots', 'audit_logs', 'sessions',
  'canned_responses', 'push_subscriptions', 'report_subscriptions', 'visitor_blocks', 'webhook_subscriptions', 'webhook_deliveries',
  'triggers', 'trigger_shows', 'departments', 'department_agents', 'message_analyses', 'knowledge_articles', 'assistant_settings',
  'api_tokens',
] as const;
