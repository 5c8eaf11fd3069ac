import { z } from 'zod';
import cron from 'node-cron';

const port = z.number().int().min(1).max(65535);
const nullableString = z.string().min(1).nullable();
/** A push.allowedHosts entry: "host", "*.domain", either with ":port"; an IPv6 address in brackets. */
const allowedHost = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The one validated shape of livechat's configuration. Every key is documented in config/README.md. */
export const configSchema = z
  .object({
    dataDir: z.string().min(1),
    publicUrl: z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }),
    server: z.object({
      host: z.string().min(1),
      port: port.or(z.literal(0)),
      /**
       * How many proxies (nginx, a load balancer) stand between the clients and livechat: their
       * X-Forwarded-For entries are trusted, nothing left of them. true = 1, false = 0.
       */
      trustProxy: z
        .union([z.boolean(), z.number().int().min(0).max(10)], { message: 'must be a number of proxies (0 to 10), or true (1) / false (0)' })
        .transform((hops) => (typeof hops === 'boolean' ? Number(hops) : hops)),
      shutdownTimeoutMs: z.number().int().min(0),
      /** How long GET /readyz waits for each dependency before it answers 503. */
      readyTimeoutMs: z.number().int().min(50).max(30_000),
    }),
    database: z.object({
      dialect: z.enum(['sqlite', 'mysql']),
      storage: z.string().min(1),
      url: nullableString,
      host: z.string().min(1),
      port,
      /** A Unix socket of a MariaDB on this host: cheaper per query than TCP on 127.0.0.1. */
      socket: z.string().startsWith('/', 'must be an absolute path').nullable(),
      user: z.string().min(1),
      password: z.string(),
      name: z.string().regex(/^[A-Za-z0-9_]+$/, 'may hold only letters, digits and _'),
      poolMax: z.number().int().min(1).max(200),
      /** Bounded waits: a database that stops answering fails a request with `unavailable` instead of hanging it. */
      connectTimeoutMs: z.number().int().min(100).max(120_000),
      acquireTimeoutMs: z.number().int().min(100).max(120_000),
      queryTimeoutMs: z.number().int().min(100).max(600_000),
    }),
    redis: z.object({
      url: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').nullable(),
      keyPrefix: z.string().min(1).max(40),
      /** How long a rate limit waits for Redis before this node decides on its own counts. */
      commandTimeoutMs: z.number().int().min(10).max(60_000),
    }),
    secrets: z.object({
      session: z.string().min(32, 'must be at least 32 characters').nullable(),
      visitorToken: z.string().min(32, 'must be at least 32 characters').nullable(),
      backupKey: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex characters (32 bytes)').nullable(),
    }),
    vapid: z.object({ publicKey: nullableString, privateKey: nullableString, subject: z.string().min(1) }),
    push: z.object({
      allowedHosts: z.array(z.string().regex(allowedHost, 'each must be a host name, *.domain or IP address, with an optional :port')),
    }),
    smtp: z.object({
      url: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').nullable(),
      from: z.string().min(3),
      maxAttempts: z.number().int().min(1).max(20),
      retryDelayMs: z.number().int().min(10),
    }),
    auth: z.object({
      sessionTtlHours: z.number().positive(),
      maxFailedLogins: z.number().int().min(1),
      /** The looser ceiling per e-mail from all addresses together, against a guesser with many addresses. */
      maxFailedLoginsPerAccount: z.number().int().min(1),
      lockoutMinutes: z.number().positive(),
      loginRateLimitPerMinute: z.number().int().min(1),
    }),
    chat: z.object({
      reopenWindowMinutes: z.number().min(0),
      /** How long after sending its sender may edit a message. */
      editWindowMinutes: z.number().min(0),
      /** A deleted message's text: kept in the audit (message_changes) or erased. */
      deletedMessageContent: z.enum(['keep', 'remove']),
      agentOfflineGraceSeconds: z.number().min(0),
      visitorOfflineGraceSeconds: z.number().min(0),
      /** A visitor's messages: a token bucket of `visitorMessageBurst` tokens, refilled at this rate. */
      visitorMessagesPerMinute: z.number().int().min(1),
      visitorMessageBurst: z.number().int().min(1),
      agentMessagesPerMinute: z.number().int().min(1),
      widgetRequestsPerMinute: z.number().int().min(1),
      maxConnectionsPerVisitor: z.number().int().min(1),
      maxConnectionsPerAddress: z.number().int().min(1),
      maxFrameBytes: z.number().int().min(1024).max(16 * 1024 * 1024),
      heartbeatSeconds: z.number().min(1),
      accessRecheckSeconds: z.number().min(1),
      visitorIdleMinutes: z.number().positive(),
      waitingTimeoutMinutes: z.number().positive(),
      inactiveCloseMinutes: z.number().positive(),
      geoLookup: z.boolean(),
    }),
    files: z.object({
      maxBytes: z.number().int().positive(),
      retentionDays: z.number().int().positive(),
      avatarMaxBytes: z.number().int().positive(),
      allowedTypes: z
        .array(z.enum(['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png'], { message: 'each must be one of pdf, doc, docx, jpg, jpeg, png' }))
        .min(1, 'must name at least one type'),
      uploadsPerMinute: z.number().int().min(1),
      downloadTokenSeconds: z.number().int().min(10).max(3600),
      clamdSocket: z
        .string()
        .regex(/^(\/|tcp:\/\/[^/\s]+:\d{1,5}$)/, 'must be a unix socket path (/run/clamav/clamd.ctl) or tcp://host:port')
        .nullable(),
      clamdTimeoutMs: z.number().int().min(100),
      backupBeforeExpiry: z.boolean(),
    }),
    jobs: z.object({
      enabled: z.boolean(),
      timezone: z.string().refine(validTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris'),
      schedules: z.record(z.string(), z.string().min(9)),
    }),
    ai: z.object({
      /** Analyse every visitor message (language, sentiment, intent) with the local engine, off the message path. */
      analysis: z.boolean(),
      /** An OpenAI-compatible chat-completions server that reads the messages instead of the local engine (which stays the fallback). */
      model: z.object({
        baseUrl: z.url({ message: 'must be a URL such as http://127.0.0.1:11434/v1' }).nullable(),
        name: z.string(),
        apiKey: nullableString,
        timeoutMs: z.number().int().min(100).max(120_000),
      }),
    }),
    exports: z.object({
      downloadMaxChats: z.number().int().min(1),
    }),
    backups: z.object({
      dir: nullableString,
      dailyRetentionDays: z.number().int().min(1),
      weeklyRetentionDays: z.number().int().min(1),
    }),
    health: z.object({
      minFreeDiskGb: z.number().min(0),
      alertIntervalMinutes: z.number().positive(),
      alertEmails: z.array(z.email()),
    }),
    webhooks: z.object({
      /** Addresses (or CIDR ranges) that webhooks may reach although private or loopback (SSRF guard). */
      allowPrivateAddresses: z.array(z.string().regex(/^[0-9a-f:.]+(\/\d{1,3})?$/i, 'must be an IP address or a CIDR range such as 10.0.0.0/8')),
      timeoutMs: z.number().int().min(100).max(60_000),
      pollIntervalMs: z.number().int().min(10).max(60_000),
      /** The first retry's delay; each next one doubles, up to retryMaxDelayMs. */
      retryBaseMs: z.number().int().min(1),
      retryMaxDelayMs: z.number().int().min(1),
      /** A delivery is retried this long, then marked failed; a subscription failing this long is disabled. */
      giveUpAfterMs: z.number().int().min(1),
      /** How long a node holds a claimed delivery: another node takes it over after (a node that died). */
      leaseMs: z.number().int().min(100),
    }),
    api: z.object({
      /** Requests each API token may make per minute on /api/v1 (counted in Redis when configured). */
      requestsPerMinute: z.number().int().min(1),
    }),
    metrics: z.object({
      /** GET /metrics answers with `Authorization: Bearer <token>` or from an allowed address; null: no token. */
      token: nullableString,
      allowedAddresses: z.array(z.string().min(1)),
    }),
    log: z.object({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      /** `auto`: readable lines at a terminal, JSON lines otherwise (a process manager, a file). */
      format: z.enum(['auto', 'json', 'pretty'], { message: 'must be auto, json or pretty' }),
    }),
  })
  .superRefine((cfg, ctx) => {
    for (const [job, schedule] of Object.entries(cfg.jobs.schedules)) {
      if (!cron.validate(schedule)) ctx.addIssue({ code: 'custom', path: ['jobs', 'schedules', job], message: `"${schedule}" is not a cron expression (minute hour day month weekday)` });
    }
    if (cfg.database.dialect === 'mysql' && !cfg.database.url && !cfg.database.password) {
      ctx.addIssue({ code: 'custom', path: ['database', 'password'], message: 'is required for mysql (or give database.url)' });
    }
    if (cfg.database.url && !/^(mysql|mariadb):\/\//.test(cfg.database.url)) {
      ctx.addIssue({ code: 'custom', path: ['database', 'url'], message: 'must start with mysql:// or mariadb://' });
    }
  });

export type Config = z.infer<typeof configSchema>;

/** Deep partial used for the layers (file, environment, flags) merged over the defaults. */
export type ConfigLayer = { [key: string]: unknown };
