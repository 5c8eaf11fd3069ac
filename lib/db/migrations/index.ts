import type { Migration } from './types.js';
import { migration as clientsAndUsers } from './20261125010000-clients-and-users.js';
import { migration as visitors } from './20261125010100-visitors.js';
import { migration as chatsAndMessages } from './20261125010200-chats-and-messages.js';
import { migration as notificationsAnalyticsAuditSessions } from './20261125010300-notifications-analytics-audit-sessions.js';
import { migration as chatServiceType } from './20261125020000-chat-service-type.js';
import { migration as jobLocks } from './20261125043000-job-locks.js';
import { migration as cannedAndPush } from './20261201200000-canned-responses-and-push-subscriptions.js';
import { migration as loginFailures } from './20261203120000-login-failures.js';
import { migration as historySearchIndexes } from './20261203153000-history-search-indexes.js';
import { migration as mustChangePassword } from './20261203154000-users-must-change-password.js';
import { migration as historyExports } from './20261203160000-history-exports.js';
import { migration as visitorSearchIndex } from './20261203170000-visitor-search-index.js';
import { migration as reportRollups } from './20261203171000-report-rollups.js';
import { migration as reportSubscriptions } from './20261203172000-report-subscriptions.js';
import { migration as departmentsAndRouting } from './20261203180000-departments-and-routing.js';
import { migration as businessHoursAndBlocks } from './20261203181000-business-hours-and-visitor-blocks.js';
import { migration as proactiveTriggers } from './20261203182000-proactive-triggers.js';
import { migration as messageTools } from './20261203183000-message-tools.js';
import { migration as webhooks } from './20261203184000-webhooks.js';
import { migration as apiTokens } from './20261203191000-api-tokens.js';
import { migration as auditWebsite } from './20261203191100-audit-website.js';

/** Every migration, oldest first. Listed explicitly so the built package needs no file globbing. */
export const migrations: Migration[] = [clientsAndUsers, visitors, chatsAndMessages, notificationsAnalyticsAuditSessions, chatServiceType, jobLocks, cannedAndPush, loginFailures, historySearchIndexes, mustChangePassword, historyExports, visitorSearchIndex, reportRollups, reportSubscriptions, departmentsAndRouting, businessHoursAndBlocks, proactiveTriggers, messageTools, webhooks, apiTokens, auditWebsite];
