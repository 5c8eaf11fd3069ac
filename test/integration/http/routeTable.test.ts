import { expect } from 'chai';
import type Koa from 'koa';
import Router from 'koa-router';
import { z } from 'zod';
import { route } from '../../../lib/http/route.js';
import { withServer } from '../../helpers/scene.js';
import { appOf, mountedRoutes } from '../../helpers/routes.js';

/**
 * The HTTP API as declared: method, path, permission (a policy of lib/policies/registry.ts).
 * A new route is added here with its permission, on purpose, so a reviewer sees who may call it;
 * OPTIONS rows are the widget's CORS preflights (their permission is the route's own).
 */
const EXPECTED = `
GET /healthz public
GET /readyz public
GET /metrics public
POST /api/auth/login public
POST /api/auth/logout own.account
GET /api/auth/me own.account
OPTIONS /api/widget/session public
POST /api/widget/session public
OPTIONS /api/widget/poll/open public
POST /api/widget/poll/open public
OPTIONS /api/widget/poll/:id public
GET /api/widget/poll/:id public
OPTIONS /api/widget/poll/:id/send public
POST /api/widget/poll/:id/send public
OPTIONS /api/widget/pages visitor
POST /api/widget/pages visitor
OPTIONS /api/widget/pages/leave visitor
POST /api/widget/pages/leave visitor
OPTIONS /api/widget/chats/:chatId/rating visitor
POST /api/widget/chats/:chatId/rating visitor
OPTIONS /api/widget/triggers/check visitor
POST /api/widget/triggers/check visitor
OPTIONS /api/widget/triggers/accept visitor
POST /api/widget/triggers/accept visitor
OPTIONS /api/widget/chats/:chatId/files visitor.chat
POST /api/widget/chats/:chatId/files visitor.chat
OPTIONS /api/widget/files/:messageId/link visitor
POST /api/widget/files/:messageId/link visitor
GET /api/files/:messageId public
GET /api/files/:messageId/preview public
POST /api/chats/:chatId/files chat.upload
POST /api/files/:messageId/link chat.read
GET /api/avatars/:userId public
GET /api/clients signed.in
GET /api/clients/:clientId client.visible
POST /api/clients clients.manage
PATCH /api/clients/:clientId clients.manage
DELETE /api/clients/:clientId clients.manage
POST /api/clients/:clientId/identity-secret clients.manage
GET /api/clients/:clientId/business-hours client.visible
PUT /api/clients/:clientId/business-hours clients.manage
GET /api/clients/:clientId/blocks client.visible
POST /api/clients/:clientId/blocks visitors.block
DELETE /api/clients/:clientId/blocks/:blockId visitors.block
GET /api/agents agents.read
GET /api/agents/:userId agents.read
POST /api/agents agents.manage
PATCH /api/agents/:userId agents.manage
DELETE /api/agents/:userId agents.manage
POST /api/agents/:userId/avatar agents.manage
PUT /api/agents/:userId/password agents.manage
GET /api/clients/:clientId/agents client.visible
GET /api/clients/:clientId/assistant client.visible
PUT /api/clients/:clientId/assistant clients.manage
PUT /api/clients/:clientId/agents/:userId agents.manage
DELETE /api/clients/:clientId/agents/:userId agents.manage
GET /api/clients/:clientId/triggers clients.manage
POST /api/clients/:clientId/triggers clients.manage
PATCH /api/clients/:clientId/triggers/:triggerId clients.manage
DELETE /api/clients/:clientId/triggers/:triggerId clients.manage
GET /api/clients/:clientId/departments client.visible
POST /api/clients/:clientId/departments client.routing
PATCH /api/departments/:departmentId department.manage
DELETE /api/departments/:departmentId department.manage
PUT /api/clients/:clientId/routing client.routing
POST /api/chats/:chatId/assign chat.assign
POST /api/chats/bulk/close chats.bulk
GET /api/audit audit.read
GET /api/audit/export audit.read
GET /api/webhooks webhooks.manage
POST /api/webhooks webhooks.manage
PATCH /api/webhooks/:webhookId webhooks.manage
DELETE /api/webhooks/:webhookId webhooks.manage
GET /api/webhooks/:webhookId/deliveries webhooks.manage
POST /api/webhooks/deliveries/:deliveryId/redeliver webhooks.manage
GET /api/setup-status clients.manage
GET /api/chats signed.in
GET /api/chats/:chatId chat.visible
GET /api/chats/:chatId/messages chat.visible
GET /api/chats/:chatId/context chat.visible
GET /api/visitors/online signed.in
POST /api/visitors/:visitorId/chat visitor.engage
GET /api/visitors/:visitorId visitor.visible
GET /api/inbox signed.in
GET /api/search signed.in
GET /api/history signed.in
GET /api/history/export signed.in
POST /api/history/exports signed.in
GET /api/history/exports/:exportId signed.in
GET /api/history/exports/:exportId/file signed.in
GET /api/reports/figures signed.in
GET /api/reports/figures.pdf signed.in
GET /api/reports/subscription reports.read
PUT /api/reports/subscription reports.read
GET /api/canned-responses canned.read
POST /api/canned-responses canned.create
PATCH /api/canned-responses/:cannedId canned.change
DELETE /api/canned-responses/:cannedId canned.change
GET /api/knowledge-articles knowledge.read
GET /api/knowledge-articles/search knowledge.read
POST /api/knowledge-articles knowledge.create
POST /api/knowledge-articles/import knowledge.create
PATCH /api/knowledge-articles/:articleId knowledge.change
DELETE /api/knowledge-articles/:articleId knowledge.change
GET /api/notifications signed.in
POST /api/notifications/read signed.in
GET /api/push/key signed.in
POST /api/push/subscriptions signed.in
DELETE /api/push/subscriptions signed.in
GET /api/profile signed.in
PATCH /api/profile signed.in
PUT /api/profile/password own.account
POST /api/profile/avatar signed.in
GET /api/profile/tokens signed.in
POST /api/profile/tokens signed.in
DELETE /api/profile/tokens/:tokenId signed.in
GET /api/v1/chats signed.in
GET /api/v1/chats/:chatId chat.visible
POST /api/v1/chats/:chatId/messages chat.write
POST /api/v1/chats/:chatId/close chat.close
GET /api/v1/websites signed.in
GET /api/v1/agents agents.read
GET /api/v1/visitors/:visitorId visitor.visible
POST /api/v1/visitors/:visitorId/erase visitor.data
GET /api/v1/visitors/:visitorId/export visitor.data
GET /api/visitors/:visitorId/export visitor.data
POST /api/visitors/:visitorId/erase visitor.data
GET /api/v1/reports/figures signed.in
GET /api/v1/openapi.json public
GET /api/v1/docs public
GET /api/v1/docs.css public
`
  .trim()
  .split('\n');

describe('the HTTP route table: every route declared, with its permission', () => {
  const scene = withServer('sqlite');
  const app = (extra?: (app: Koa<any, any>) => void) => {
    const made = appOf(scene.install.config, scene.db);
    extra?.(made);
    return made;
  };

  it('mounts only declarations, each with the permission this table gives it', () => {
    const layers = mountedRoutes(app());
    const undeclared = layers.filter((l) => !l.declared).map((l) => `${l.method} ${l.path}`);
    expect(undeclared, 'layers mounted without a declaration').to.deep.equal([]);
    const table = layers.map((l) => `${l.method} ${l.path} ${l.declared!.permission}`);
    expect([...table].sort()).to.deep.equal([...EXPECTED].sort());
  });

  it('finds a handler mounted by hand, and one mounted without a permission', () => {
    const sneaky = new Router();
    sneaky.get('/api/sneaky', (ctx) => {
      ctx.body = { secret: true };
    });
    const undeclared = mountedRoutes(app((made) => made.middleware.unshift(sneaky.routes() as never))).filter((l) => !l.declared);
    expect(undeclared.map((l) => `${l.method} ${l.path}`)).to.deep.equal(['GET /api/sneaky']);
    // A declaration without a permission does not compile (tsc -p tsconfig.test.json) and, cast past the type, fails at start-up.
    const nameless = { method: 'get', path: '/api/nameless', input: { query: z.object({}) }, run: async () => 1, present: (n: number) => n } as const;
    // @ts-expect-error -- `permission` is required
    expect(() => route(nameless)).to.throw('GET /api/nameless declares no known permission (undefined)');
    expect(() => route({ ...nameless, permission: 'chat.anything' as never })).to.throw('declares no known permission (chat.anything)');
  });
});
