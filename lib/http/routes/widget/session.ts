import { openWidgetSession } from '../../../domain/visitors/openWidgetSession.js';
import { identifyVisitorInput } from '../../../domain/visitors/identifyVisitor.js';
import { describeDevice } from '../../../tracking/device.js';
import { locateIp } from '../../../tracking/geo.js';
import { widgetSessionDTO } from '../../../presenters/widget.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { route } from '../../route.js';

/**
 * The widget's first call on each page: it names the website (widget key) and, for a returning
 * visitor, their key. It records the visit and the page view, and answers with a signed visitor
 * token for the socket, the website's widget settings, whether an agent is online, and the
 * visitor's chats (the one going on, and the latest for its history). Public: the widget key and
 * the page's Origin decide (identifyVisitor), limited per address.
 */
const widgetSessionRoute = route({
  method: 'post',
  path: '/api/widget/session',
  cors: 'widget',
  permission: 'public',
  before: (deps) => [rateLimit(perMinute(deps, 'wsession', deps.config.chat.widgetRequestsPerMinute), (ctx) => ctx.ip, 'widget requests from this address')],
  input: { body: identifyVisitorInput },
  run: (ctx, { body }) => {
    const { http, deps } = ctx.env;
    const meta = {
      origin: http.get('origin') || null,
      ip: http.ip,
      device: describeDevice(http.get('user-agent')),
      place: deps.config.chat.geoLookup ? locateIp(http.ip) : null,
    };
    return openWidgetSession(ctx.domain, body, meta, { secret: deps.config.secrets.visitorToken, now: deps.clock.now() });
  },
  present: (session, ctx) => widgetSessionDTO(session, ctx.env.deps.config.files),
});

export const widgetSessionRoutes = [widgetSessionRoute];
