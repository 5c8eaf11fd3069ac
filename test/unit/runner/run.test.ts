import { expect } from 'chai';
import { z } from 'zod';
import type { Transaction } from 'sequelize';
import { runEntry, type Call } from '../../../lib/runner/run.js';
import type { AnyEntry } from '../../../lib/runner/entry.js';
import { AppError } from '../../../lib/errors.js';
import { parseInput } from '../../../lib/domain/validate.js';
import { createInProcessBus } from '../../../lib/events/inProcessBus.js';
import { askDatabase } from '../../../lib/policies/ask.js';
import type { Caller } from '../../../lib/identity/identity.js';
import type { DomainContext } from '../../../lib/domain/types.js';
import type { BusEvent } from '../../../lib/protocol/events.js';
import type { DomainEvent } from '../../../lib/domain/events.js';
import { unitOfWorkDeps } from '../../../lib/runner/unitOfWorkDeps.js';
import type { Database } from '../../../lib/db/index.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';

const event = (chatId: number): DomainEvent => ({ name: 'read', clientId: 1, chatId, reader: 'visitor', agentId: null, seq: 1 });

/** The runner on a real SQLite database and a real in-process bus: what it refuses, and when events go out. */
describe('the runner', () => {
  let install: Installed;
  let db: Database;
  const bus = createInProcessBus();
  const heard: { event: BusEvent; transactionState: string | undefined }[] = [];
  let lastTransaction: Transaction | undefined;
  let ran: number;
  let chat: { id: number; visitorId: number; clientId: number };

  before(async () => {
    install = await installFixture('sqlite');
    db = install.open();
    const f = factories(db);
    const client = await f.client();
    const visitor = await f.visitor(client.id);
    const row = await f.chat(client.id, visitor.id);
    chat = { id: row.id, visitorId: visitor.id, clientId: client.id };
    // Whether the operation's transaction had committed when its event was heard.
    bus.subscribe((e) => void heard.push({ event: e, transactionState: (lastTransaction as unknown as { finished?: string } | undefined)?.finished }));
  });
  after(async () => {
    await db?.close();
    await install?.cleanup();
  });
  beforeEach(() => {
    heard.length = 0;
    ran = 0;
    lastTransaction = undefined;
  });

  const call = (caller: Caller, admit?: Call<null>['admit']): Call<null> => ({
    caller,
    env: null,
    ask: askDatabase(db.models, caller.identity),
    uow: unitOfWorkDeps(db, bus),
    admit,
  });
  const visitor = (): Caller => ({ identity: { kind: 'visitor', visitorId: chat.visitorId, clientId: chat.clientId }, ip: '127.0.0.1' });
  const stranger = (): Caller => ({ identity: { kind: 'visitor', visitorId: chat.visitorId + 1000, clientId: chat.clientId }, ip: null });
  const nobody = (): Caller => ({ identity: null, ip: null });

  const entry = (over: Partial<AnyEntry> = {}): AnyEntry => ({
    permission: 'chat.write',
    validate: (raw: unknown) => parseInput(z.object({ chatId: z.number().int().positive() }), raw),
    unitOfWork: 'transaction',
    run: async (ctx: { domain: DomainContext; grant: unknown }, input: { chatId: number }) => {
      ran++;
      lastTransaction = ctx.domain.transaction;
      ctx.domain.emit(event(input.chatId));
      return { chatId: input.chatId, clientId: (ctx.grant as { clientId: number }).clientId };
    },
    present: (r: unknown) => ({ presented: r }),
    ...over,
  });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err, 'refused').to.be.instanceOf(AppError);
    return err as AppError;
  };

  it('validates, authorizes, runs in a transaction, publishes after the commit, and presents', async () => {
    const out = await runEntry(entry(), call(visitor()), { chatId: chat.id });
    expect(out).to.deep.equal({ presented: { chatId: chat.id, clientId: chat.clientId } });
    expect(heard).to.have.length(1);
    expect(heard[0].transactionState).to.equal('commit');
  });

  it('publishes nothing when the operation fails and its transaction rolls back', async () => {
    const failing = entry({
      run: async (ctx: { domain: DomainContext }) => {
        lastTransaction = ctx.domain.transaction;
        ctx.domain.emit(event(chat.id));
        throw new AppError('conflict', 'no', 409);
      },
    });
    expect((await refusal(runEntry(failing, call(visitor()), { chatId: chat.id }))).code).to.equal('conflict');
    expect(heard).to.deep.equal([]);
    expect((lastTransaction as unknown as { finished?: string }).finished).to.equal('rollback');
  });

  it('publishes what an operation without a transaction emitted, once it returns', async () => {
    await runEntry(entry({ unitOfWork: 'none' }), call(visitor()), { chatId: chat.id });
    expect(heard.map((h) => h.event)).to.deep.equal([event(chat.id)]);
    expect(heard[0].transactionState).to.equal(undefined);
  });

  it('refuses a caller with no identity (401), of the wrong kind (403), or not in the chat (404), and runs nothing', async () => {
    expect((await refusal(runEntry(entry(), call(nobody()), { chatId: chat.id }))).status).to.equal(401);
    expect((await refusal(runEntry(entry({ permission: 'agent.status' }), call(visitor()), {}))).status).to.equal(403);
    expect((await refusal(runEntry(entry({ permission: 'signed.in' }), call(visitor()), {}))).status).to.equal(403);
    expect((await refusal(runEntry(entry(), call(stranger()), { chatId: chat.id }))).code).to.equal('not_found');
    expect((await refusal(runEntry(entry(), call(visitor()), { chatId: chat.id + 1000 }))).code).to.equal('not_found');
    expect(ran).to.equal(0);
    expect(heard).to.deep.equal([]);
  });

  it('refuses bad input with every problem listed, before counting it against a rate limit or asking the policy', async () => {
    let admitted = 0;
    const err = await refusal(runEntry(entry(), call(visitor(), () => void admitted++), { chatId: 'seven' }));
    expect(err.status).to.equal(422);
    expect(err.message).to.match(/chatId/);
    expect({ admitted, ran }).to.deep.equal({ admitted: 0, ran: 0 });
    await runEntry(entry(), call(visitor(), () => void admitted++), { chatId: chat.id });
    expect({ admitted, ran }).to.deep.equal({ admitted: 1, ran: 1 });
  });

  it('takes a chat answer given at once (a socket remembers them) as it takes one that waits: granted, or refused as not found', async () => {
    const remembered = (answer: { clientId: number } | null): Call<null> => ({ ...call(visitor()), ask: { ...call(visitor()).ask, actInChat: () => answer } });
    expect(await runEntry(entry(), remembered({ clientId: chat.clientId }), { chatId: chat.id })).to.deep.equal({ presented: { chatId: chat.id, clientId: chat.clientId } });
    // Refused as a rejection of the run (the transports map it into their reply), not thrown at the caller.
    const refused = runEntry(entry(), remembered(null), { chatId: chat.id });
    expect((await refusal(refused)).code).to.equal('not_found');
    expect(ran).to.equal(1);
  });

  it('lets anyone through a public entry, with no identity', async () => {
    const open = entry({ permission: 'public', run: async () => 'ok', present: (r: unknown) => r });
    expect(await runEntry(open, call(nobody()), { chatId: 1 })).to.equal('ok');
  });

  it('has no way to make a domain context whose events go nowhere', () => {
    // @ts-expect-error: emit is required; contexts come from withUnitOfWork (lib/domain/unitOfWork.ts)
    const handMade: DomainContext = { models: db.models, actor: { type: 'system' } };
    expect(handMade).to.be.an('object');
  });
});
