import { AppError } from '../errors.js';
import { formatIssues } from '../formatIssues.js';
import type { ClientFrame, ClientFrameType, FrameReply } from '../protocol/frames.js';
import type { GrantOf, PolicyInput, PolicyName } from '../policies/registry.js';
import type { Entry, RunContext } from '../runner/entry.js';
import type { UnitOfWorkMode } from '../domain/unitOfWork.js';
import type { Connection } from './connection.js';
import { clientFrameSchema } from './frameSchema.js';
import type { RealtimeDeps } from './types.js';

/** What a frame's operation may reach besides the domain: the engine and the connection the frame came on. */
export interface FrameEnv {
  deps: RealtimeDeps;
  conn: Connection;
}

export type FrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;

/** A frame's reply fields (beside `type`, `ref`, `ok`), or nothing for a frame that gets no reply. */
type ReplyFields = Record<string, unknown> | void;

export interface FrameDeclaration<T extends ClientFrameType, P extends PolicyName, R> {
  type: T;
  /** A policy name (lib/policies/registry.ts); the fields it reads (chatId, channel) must be in the frame. */
  permission: P;
  /** Default `transaction`. */
  unitOfWork?: UnitOfWorkMode;
  /** Best effort (typing): a refusal or failure is not answered, a malformed frame still is. */
  quiet?: boolean;
  run(ctx: RunContext<FrameEnv, GrantOf<P>>, frame: FrameOf<T>): Promise<R>;
  /** The reply's fields, as lib/protocol's FrameReplies declares them for this frame type (nothing for a frame without a reply). */
  present(result: R, ctx: RunContext<FrameEnv, GrantOf<P>>): FrameReply<T>;
}

export interface FrameEntry<T extends ClientFrameType = ClientFrameType> extends Entry<FrameEnv, unknown, FrameOf<T>, PolicyName, unknown, ReplyFields> {
  type: T;
  quiet: boolean;
}

/** Each frame type's own schema, taken from the one union in frameSchema.ts. */
const schemas = new Map(clientFrameSchema.options.map((option) => [option.shape.type.value as ClientFrameType, option]));

/**
 * Declares a socket frame (WebSocket and long poll alike). A frame whose policy reads a field the
 * frame does not have, or that names no policy, does not compile.
 */
export function frame<T extends ClientFrameType, P extends PolicyName, R>(
  declaration: FrameDeclaration<T, P, R> & (FrameOf<T> extends PolicyInput<P> ? unknown : { permission: { missingForPolicy: PolicyInput<P> } }),
): FrameEntry<T> {
  const schema = schemas.get(declaration.type);
  if (!schema) throw new Error(`frame(): no schema for frame type ${declaration.type} in frameSchema.ts`);
  return {
    ...declaration,
    unitOfWork: declaration.unitOfWork ?? 'transaction',
    quiet: declaration.quiet ?? false,
    validate(raw: unknown) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new AppError('bad_frame', `The frame is not valid: ${formatIssues(parsed.error.issues).join('; ')}`);
      return parsed.data as FrameOf<T>;
    },
    run: declaration.run as FrameEntry<T>['run'],
    present: declaration.present as FrameEntry<T>['present'],
  };
}
