import type { Command } from 'commander';
import { collect } from './lists.js';
import type { Database } from '../../db/index.js';

interface AgentFlags {
  email?: string;
  name?: string;
  pseudoName?: string;
  role?: string;
  clients?: string[];
  client?: string;
  password?: string;
  all?: boolean;
}

async function deps(cmd: Command) {
  const { contextFor, withDatabase } = await import('../context.js');
  const { cliUnitOfWork } = await import('../unitOfWork.js');
  return { ctx: contextFor(cmd), withDatabase, cliUnitOfWork };
}

/** Client refs (id, widget key or name) to clients; an unknown one stops the command before any change. */
async function resolveClients(db: Database, refs: string[] = []): Promise<{ id: number; name: string }[]> {
  const { findClient } = await import('../../domain/clients/findClient.js');
  const found = new Map<number, { id: number; name: string }>();
  for (const ref of refs) {
    const client = await findClient(db.models, ref);
    found.set(client.id, { id: client.id, name: client.name });
  }
  return [...found.values()];
}

/** The websites an account answers now, as {ids, names}, for the output after a change. */
async function assignedClients(db: Database, userId: number) {
  const links = await db.models.ClientAgent.findAll({ where: { user_id: userId }, attributes: ['client_id'] });
  const clients = await db.models.Client.findAll({ where: { id: links.map((l) => l.client_id) }, attributes: ['id', 'name'], order: [['name', 'ASC']] });
  return { ids: clients.map((c) => c.id), names: clients.map((c) => c.name) };
}

const cli = { type: 'cli' } as const;
const roleName = (role: string) => role.replace('_', ' ');

/** `livechat agent ...`: accounts (super admins, managers, agents) and who answers which website. */
export function register(program: Command): void {
  const agent = program.command('agent').description('add, list, assign and disable accounts (agents, managers, super admins)');

  agent
    .command('add')
    .description('add an account; without --password a one-time password is generated and printed once')
    .requiredOption('--email <email>', 'sign-in e-mail (unique)')
    .requiredOption('--name <name>', 'real name')
    .option('--pseudo-name <name>', 'the name visitors see in chats (default: the first name)')
    .option('--role <role>', 'super_admin, manager or agent (managers and super admins see every website)', 'agent')
    .option('--clients <clients>', 'websites this agent answers (ids, widget keys or names; comma separated)', collect)
    .option('--password <password>', 'the password (at least 10 characters)')
    .addHelpText('after', '\nExample:\n  livechat agent add --email ann@example.com --name "Ann Lee" --pseudo-name Anna --clients "Academic Help,Shop"')
    .action(async (f: AgentFlags, cmd: Command) => {
      const { ctx, withDatabase, cliUnitOfWork } = await deps(cmd);
      const { createAgent, createAgentInput } = await import('../../domain/agents/createAgent.js');
      const { generatePassword } = await import('../../domain/auth/passwords.js');
      const { presentUser } = await import('../../presenters/index.js');
      const { parseInput } = await import('../../domain/validate.js');
      const password = f.password ?? generatePassword();
      const { user, clients } = await withDatabase(ctx, async (db) => {
        const clients = await resolveClients(db, f.clients);
        const user = await cliUnitOfWork(ctx, db, (dctx) =>
          createAgent(
            dctx,
            // The flags are strings: checked against the domain's own input schema, every problem in one message.
            parseInput(createAgentInput, { email: f.email, name: f.name, pseudoName: f.pseudoName, role: f.role, password, clientIds: clients.map((c) => c.id) }),
            // Whoever ran the command knows the password: its owner sets their own at first sign-in.
            { mustChangePassword: true },
          ),
        );
        return { user, clients };
      });
      const generated = f.password ? {} : { oneTimePassword: password };
      ctx.out.result({ ...presentUser(user, { clientIds: clients.map((c) => c.id) }), ...generated }, () => {
        ctx.out.line(`Added ${roleName(user.role)} #${user.id} ${user.email} ("${user.pseudo_name}" in chats).`);
        if (user.role === 'agent') ctx.out.line(`Answers: ${clients.length ? clients.map((c) => c.name).join(', ') : 'no website yet (use `livechat agent assign`)'}.`);
        // The password is not stored in clear anywhere, so this is the only time it can be shown.
        if (!f.password) ctx.out.line(`One-time password: ${password}  (shown only now)`);
        ctx.out.line('They choose their own password at first sign-in.');
      });
    });

  agent
    .command('list')
    .description('list accounts with their websites')
    .option('--client <client>', 'only the agents of this website')
    .option('--all', 'include disabled accounts')
    .action(async (f: AgentFlags, cmd: Command) => {
      const { ctx, withDatabase } = await deps(cmd);
      const { presentUser } = await import('../../presenters/index.js');
      const rows = await withDatabase(ctx, async (db) => {
        const where: Record<string, unknown> = f.all ? {} : { is_active: true };
        const links = await db.models.ClientAgent.findAll();
        const names = new Map((await db.models.Client.findAll({ attributes: ['id', 'name'] })).map((c) => [c.id, c.name]));
        if (f.client) {
          const [client] = await resolveClients(db, [f.client]);
          where.id = links.filter((l) => l.client_id === client.id).map((l) => l.user_id);
        }
        const users = await db.models.User.findAll({ where, order: [['name', 'ASC']] });
        return users.map((u) => {
          const ids = links.filter((l) => l.user_id === u.id).map((l) => l.client_id);
          return { ...presentUser(u, { clientIds: ids }), clients: ids.map((id) => names.get(id) ?? String(id)) };
        });
      });
      ctx.out.result({ agents: rows }, () =>
        ctx.out.table(
          rows.map((r) => ({ id: r.id, email: r.email, name: r.name, 'pseudo name': r.pseudoName, role: r.role, active: r.isActive ? 'yes' : 'no', websites: r.role === 'agent' ? r.clients : '(all)' })),
          ['id', 'email', 'name', 'pseudo name', 'role', 'active', 'websites'],
        ),
      );
    });

  for (const [name, verb] of [['assign', 'let an agent answer websites'], ['unassign', 'take websites away from an agent']] as const) {
    agent
      .command(`${name} <agent>`)
      .description(`${verb} (the agent by id or e-mail)`)
      .requiredOption('--clients <clients>', 'websites (ids, widget keys or names; comma separated)', collect)
      .action(async (ref: string, f: AgentFlags, cmd: Command) => {
        const { ctx, withDatabase, cliUnitOfWork } = await deps(cmd);
        const { findUser } = await import('../../domain/agents/findUser.js');
        const { assignAgent } = await import('../../domain/agents/assignAgent.js');
        const { unassignAgent } = await import('../../domain/agents/unassignAgent.js');
        const { presentUser } = await import('../../presenters/index.js');
        const result = await withDatabase(ctx, async (db) => {
          const user = await findUser(db.models, ref);
          const clients = await resolveClients(db, f.clients);
          let changed = 0;
          // All websites or none: a refusal on the third one leaves the first two as they were.
          await cliUnitOfWork(ctx, db, async (dctx) => {
            for (const { id: clientId } of clients) {
              const did = name === 'assign' ? await assignAgent(dctx, { userId: user.id, clientId }) : await unassignAgent(dctx, { userId: user.id, clientId });
              if (did) changed++;
            }
          });
          return { user, changed, now: await assignedClients(db, user.id) };
        });
        ctx.out.result({ ...presentUser(result.user, { clientIds: result.now.ids }), changed: result.changed }, () =>
          ctx.out.line(
            `${name === 'assign' ? `Assigned ${result.user.email} to ${result.changed} new` : `Unassigned ${result.user.email} from ${result.changed}`} website(s); answers now: ${result.now.names.join(', ') || 'no website'}.`,
          ),
        );
      });
  }

  agent
    .command('passwd <agent>')
    .description('set a new password (the agent by id or e-mail); ends their sessions and clears a lockout')
    .option('--password <password>', 'the new password, at least 10 characters (default: generate and print one)')
    .action(async (ref: string, f: AgentFlags, cmd: Command) => {
      const { ctx, withDatabase, cliUnitOfWork } = await deps(cmd);
      const { findUser } = await import('../../domain/agents/findUser.js');
      const { setPassword } = await import('../../domain/agents/setPassword.js');
      const { generatePassword } = await import('../../domain/auth/passwords.js');
      const { presentUser } = await import('../../presenters/index.js');
      const password = f.password ?? generatePassword();
      const user = await withDatabase(ctx, async (db) => {
        const found = await findUser(db.models, ref);
        return cliUnitOfWork(ctx, db, (dctx) => setPassword(dctx, found.id, password, { mustChangePassword: true }));
      });
      ctx.out.result({ ...presentUser(user), ...(f.password ? {} : { oneTimePassword: password }) }, () => {
        ctx.out.line(`New password set for ${user.email}; their sessions were ended and they choose their own at next sign-in.`);
        if (!f.password) ctx.out.line(`One-time password: ${password}  (shown only now)`);
      });
    });

  for (const [name, active] of [['disable', false], ['enable', true]] as const) {
    agent
      .command(`${name} <agent>`)
      .description(active ? 'enable a disabled account' : 'disable an account: it cannot sign in, its sessions end, its history stays')
      .action(async (ref: string, _f: AgentFlags, cmd: Command) => {
        const { ctx, withDatabase, cliUnitOfWork } = await deps(cmd);
        const { findUser } = await import('../../domain/agents/findUser.js');
        const { updateAgent } = await import('../../domain/agents/updateAgent.js');
        const { presentUser } = await import('../../presenters/index.js');
        const { user, changed } = await withDatabase(ctx, async (db) => {
          const found = await findUser(db.models, ref);
          // Repeating the command is harmless: nothing is written or audited when there is nothing to change.
          if (Boolean(found.is_active) === active) return { user: found, changed: false };
          const user = await cliUnitOfWork(ctx, db, (dctx) => updateAgent(dctx, found.id, { isActive: active }));
          return { user, changed: true };
        });
        const done = active ? 'enabled' : 'disabled';
        ctx.out.result(presentUser(user), () => ctx.out.line(changed ? `${done[0].toUpperCase()}${done.slice(1)} ${user.email}.` : `${user.email} was already ${done}.`));
      });
  }
}
