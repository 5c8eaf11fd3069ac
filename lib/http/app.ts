import Koa from 'koa';
import Router from 'koa-router';
import { bodyParser } from '@koa/bodyparser';
import type { AppDeps, AppState } from './types.js';
import { requestContext } from './middleware/requestContext.js';
import { errorHandler } from './middleware/errors.js';
import { clientAddressOf } from './middleware/clientAddress.js';
import { securityHeaders } from './middleware/securityHeaders.js';
import { loadSession } from './middleware/session.js';
import { dashboard } from './static.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { webhookRoutes } from './routes/admin/webhooks.js';
import { sessionRoutes } from './routes/auth/session.js';
import { clientRoutes } from './routes/admin/clients.js';
import { businessHoursRoutes } from './routes/admin/businessHours.js';
import { visitorBlockRoutes } from './routes/chats/visitorBlocks.js';
import { agentRoutes } from './routes/admin/agents.js';
import { assignmentRoutes } from './routes/admin/assignments.js';
import { departmentRoutes } from './routes/admin/departments.js';
import { chatAssignRoutes } from './routes/chats/assign.js';
import { chatBulkRoutes } from './routes/chats/bulk.js';
import { auditRoutes } from './routes/admin/audit.js';
import { setupStatusRoutes } from './routes/admin/setupStatus.js';
import { avatarRoutes, profileRoutes } from './routes/profile/profile.js';
import { chatRoutes } from './routes/chats/chats.js';
import { visitorRoutes } from './routes/chats/visitors.js';
import { fileRoutes } from './routes/files/index.js';
import { widgetSessionRoutes } from './routes/widget/session.js';
import { widgetPollRoutes } from './routes/widget/poll.js';
import { inboxRoutes } from './routes/workspace/inbox.js';
import { searchRoutes } from './routes/workspace/search.js';
import { historyRoutes } from './routes/history/history.js';
import { reportRoutes } from './routes/reports/figures.js';
import { cannedResponseRoutes } from './routes/workspace/cannedResponses.js';
import { knowledgeArticleRoutes } from './routes/workspace/knowledgeArticles.js';
import { assistantRoutes } from './routes/admin/assistant.js';
import { notificationRoutes } from './routes/workspace/notifications.js';
import { pushRoutes } from './routes/workspace/push.js';
import { liveVisitorRoutes } from './routes/workspace/liveVisitors.js';
import { widgetPageRoutes } from './routes/widget/pages.js';
import { widgetRatingRoutes } from './routes/widget/rating.js';
import { widgetTriggerRoutes } from './routes/widget/triggers.js';
import { triggerRoutes } from './routes/admin/triggers.js';
import { widgetAssets } from './widgetAssets.js';
import { apiTokenRoutes } from './routes/profile/apiTokens.js';
import { apiV1Routes } from './routes/apiV1/index.js';
import { visitorEraseRoutes } from './routes/chats/visitorErase.js';
import { visitorExportRoutes } from './routes/chats/visitorExport.js';
import { mountRoutes } from './route.js';

/** Builds the Koa app without listening: the server, tests and benches all mount `app.callback()`. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const app = new Koa<AppState>();
  // X-Forwarded-Proto/Host are read only behind a proxy; the client's address is set by clientAddressOf.
  app.proxy = deps.config.server.trustProxy > 0;
  app.maxIpsCount = deps.config.server.trustProxy;
  app.keys = [deps.config.secrets.session];
  app.silent = true;

  // Case-sensitive routing: /API/... is not /api/..., so no spelling reaches a route another way.
  const router = () => new Router<AppState, Koa.DefaultContext>({ sensitive: true });
  // Health checks come before the session middleware (see health.ts).
  const health = router();
  mountRoutes(health, deps, healthRoutes);
  mountRoutes(health, deps, metricsRoutes);
  // Every other route says who may call it (its permission), so one router holds them all; order
  // matters only where two paths overlap: /api/visitors/online before /api/visitors/:visitorId.
  const api = router();
  for (const routes of [
    sessionRoutes,
    widgetSessionRoutes,
    widgetPollRoutes,
    widgetPageRoutes,
    widgetRatingRoutes,
    widgetTriggerRoutes,
    fileRoutes,
    avatarRoutes,
    clientRoutes,
    businessHoursRoutes,
    visitorBlockRoutes,
    agentRoutes,
    assignmentRoutes,
    triggerRoutes,
    departmentRoutes,
    chatAssignRoutes,
    chatBulkRoutes,
    auditRoutes,
    webhookRoutes,
    setupStatusRoutes,
    chatRoutes,
    liveVisitorRoutes,
    visitorRoutes,
    visitorEraseRoutes,
    visitorExportRoutes,
    inboxRoutes,
    searchRoutes,
    historyRoutes,
    reportRoutes,
    cannedResponseRoutes,
    knowledgeArticleRoutes,
    assistantRoutes,
    notificationRoutes,
    pushRoutes,
    profileRoutes,
    apiTokenRoutes,
    apiV1Routes,
  ]) {
    mountRoutes(api, deps, routes);
  }

  app
    .use(clientAddressOf(deps.config.server.trustProxy))
    .use(requestContext(deps.logger))
    .use(errorHandler(deps.databaseWatch))
    .use(securityHeaders(deps.config.publicUrl))
    .use(health.routes())
    .use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }))
    .use(loadSession(deps.db.models, new URL(deps.config.publicUrl).origin))
    .use(api.routes())
    .use(api.allowedMethods())
    .use(widgetAssets(deps.db))
    .use(dashboard());
  return app;
}
