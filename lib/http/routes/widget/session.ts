import { openWidgetSession } from '../../../domain/visitors/openWidgetSession.js';
import { withUnitOfWork } from '../../../domain/unitOfWork.js';
import { describeDevice } from '../../../tracking/device.js';
import { locateIp } from '../../../tracking/geo.js';
import { widgetSessionDTO } from '../../../presenters/widget.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { body } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from './cors.js';

/**
 * The widget's first call on each page: it names the website (widget key) and, for a returning
 * visitor, their key. It records the visit and the page view, and answers with a signed visitor
 * token for the socket, the website's widget settings, whether an agent is online, and the
 * visitor's chats (the one going on, and the latest for its history).
 */
export function widgetSessionRoutes(router: AppRouter, deps: AppDeps) {
  const { db, config } = deps;
  const limiter = perMinute(deps, 'wsession', config.chat.widgetRequestsPerMinute);
  router.options('/api/widget/session', widgetCors);
  router.post('/api/widget/session', widgetCors, rateLimit(limiter, (ctx) => ctx.ip, 'widget requests from this address'), async (ctx) => {
    const meta = {
      origin: ctx.get('origin') || null,
      ip: ctx.ip,
      device: describeDevice(ctx.get('user-agent')),
      place: config.chat.geoLookup ? locateIp(ctx.ip) : null,
    };
    const session = await withUnitOfWork({ sequelize: db.sequelize, models: db.models, bus: deps.bus }, { type: 'system' }, (dctx) =>
      openWidgetSession(dctx, body(ctx) as never, meta, config.secrets.visitorToken),
    );
    ctx.body = widgetSessionDTO(session, config.files);
  });
}
