import type Koa from 'koa';
import type Router from 'koa-router';
import type { ServerConfig } from '../config/secrets.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { HistoryExports } from '../exports/historyExports.js';
import type { Instance } from '../db/models/types.js';
import type { UserRow } from '../db/models/user.js';
import type { SessionRow } from '../db/models/session.js';
import type { EventBus } from '../events/bus.js';
import type { Redis } from 'ioredis';
import type { Realtime } from '../realtime/realtime.js';
import type { DatabaseWatch } from '../db/watch.js';
import type { Clock } from '../clock.js';
import type { DatabaseProbe } from '../db/probe.js';
import type { AppError } from '../errors.js';
import type { Metrics } from '../metrics/metrics.js';
import type { WebhookWorker } from '../webhooks/worker.js';

export interface AppDeps {
  config: ServerConfig;
  db: Database;
  logger: Logger;
  /** Where routes that change a chat (file uploads) publish their events after commit. */
  bus: EventBus;
  /** Shared rate limits across nodes when Redis is configured. */
  redis?: Redis | null;
  /** The realtime engine, for the long-polling transport of the widget. */
  realtime?: Realtime;
  /** Told when a request failed because the database did not answer (it logs the outage once). */
  databaseWatch?: DatabaseWatch;
  /** GET /readyz's own bounded database check (never queued behind the pool). */
  databaseProbe?: DatabaseProbe;
  /** What expiries run on (sign-in lockout windows, download links); the wall clock unless a test passes one it moves. */
  clock: Clock;
  /** Background exports of the chat history (POST /api/history/exports); absent: those routes answer 503. */
  historyExports?: HistoryExports;
  /** GET /metrics; absent: it answers 503. */
  metrics?: Metrics;
  /** Sends redelivered webhooks at once (else the next poll does). */
  webhooks?: Pick<WebhookWorker, 'wake'>;
}

export interface AppState {
  requestId: string;
  log: Logger;
  auth?: { user: Instance<UserRow>; session: Instance<SessionRow> };
  /** Why a session cookie that came with a state-changing request was not accepted (CSRF). */
  csrfRefusal?: AppError;
}

export type AppContext = Koa.ParameterizedContext<AppState, Koa.DefaultContext & Router.IRouterParamContext<AppState, Koa.DefaultContext>>;
export type AppRouter = Router<AppState, Koa.DefaultContext>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Middleware = Koa.Middleware<AppState, any>;
