import { RateLimiterRes } from 'rate-limiter-flexible';
import { perMinute } from '../../middleware/rateLimit.js';
import multer from '@koa/multer';
import { chatFileStorage } from '../../../files/chatFileStorage.js';
import { clamdScanner } from '../../../files/clamd.js';
import { formatBytes, tooLarge } from '../../../domain/files/inspectUpload.js';
import type { ShareFileDeps } from '../../../domain/files/shareFile.js';
import { AppError, invalid } from '../../../errors.js';
import type { AppContext, AppDeps } from '../../types.js';
import { unitOfWorkDeps } from '../../../runner/unitOfWorkDeps.js';

const built = new WeakMap<AppDeps, FileServices>();

/** The file services of an app (one set per app's dependencies, so each app has its own upload counts). */
export function fileServicesOf(deps: AppDeps): FileServices {
  let files = built.get(deps);
  if (!files) built.set(deps, (files = fileServices(deps)));
  return files;
}

/** What the file routes share, built once per app: storage, upload rules, the limiter, the token secret. */
function fileServices(deps: AppDeps) {
  const { config, db } = deps;
  const storage = chatFileStorage(config.dataDir);
  const rules = {
    maxBytes: config.files.maxBytes,
    allowedTypes: config.files.allowedTypes,
    scan: config.files.clamdSocket ? clamdScanner(config.files.clamdSocket, config.files.clamdTimeoutMs) : null,
  };
  const shareDeps: ShareFileDeps = { ...unitOfWorkDeps(db, deps.bus), storage, rules };
  const limiter = perMinute(deps, 'upload', config.files.uploadsPerMinute);
  // The multipart body is held in memory only up to the size limit; nothing reaches the disk unchecked.
  // File names arrive as UTF-8 from browsers; multer 2 reads them as latin1 unless told (its types predate the option).
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config.files.maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
    defParamCharset: 'utf8',
  } as multer.Options);

  return {
    storage,
    shareDeps,
    tokenSecret(): string {
      return config.secrets.session;
    },

    /** Counts an upload attempt for a sender ("v:12", "u:3"); over the limit, a 429 saying when to retry. */
    async countUpload(ctx: AppContext, sender: string) {
      try {
        await limiter.consume(sender);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const seconds = Math.ceil(err.msBeforeNext / 1000);
        ctx.set('Retry-After', String(seconds));
        throw new AppError('rate_limited', `Too many uploads: ${config.files.uploadsPerMinute} per minute at most; try again in ${seconds} second(s).`, 429, { retryAfterMs: err.msBeforeNext });
      }
    },

    /** The one file of a multipart/form-data body (field "file"), and its optional clientMsgId field. */
    async readUpload(ctx: AppContext): Promise<{ bytes: Buffer; name: string; clientMsgId?: string }> {
      const declared = Number(ctx.get('content-length'));
      // Refuse what is plainly too big before reading it (the form's own headers take a few hundred bytes).
      if (Number.isFinite(declared) && declared > config.files.maxBytes + 64 * 1024) throw tooLarge(config.files.maxBytes);
      if (!ctx.is('multipart/form-data')) throw invalid('Send the file as multipart/form-data, in a field named "file".');
      try {
        await multipart.single('file')(ctx, async () => {});
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') throw tooLarge(config.files.maxBytes);
        if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') throw invalid('Send one file at a time, in a field named "file".');
        throw invalid(`The upload could not be read: ${(err as Error).message}. Send at most ${formatBytes(config.files.maxBytes)} as multipart/form-data.`);
      }
      // @types/koa__multer says the file is always there; it is not when the form has no "file" field.
      const file: { buffer: Buffer; originalname?: string } | undefined = ctx.request.file;
      if (!file) throw invalid('Send the file as multipart/form-data, in a field named "file".');
      // multer puts the form's text fields in the body.
      const body = ctx.request.body;
      const clientMsgId = typeof body === 'object' && body !== null && 'clientMsgId' in body && typeof body.clientMsgId === 'string' ? body.clientMsgId : undefined;
      return { bytes: file.buffer, name: file.originalname ?? '', clientMsgId };
    },
  };
}

type FileServices = ReturnType<typeof fileServices>;
