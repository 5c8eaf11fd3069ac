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
  const { contextFor, withDatabase, UserError } = await import('../context.js');
  return { ctx: contextFor(cmd), withDatabase, UserError };
}

/** Client refs (id, widget key or name) to ids; an unknown one stops the command before any change. */
async function clientIds(db: Database, refs: string[] = []): Promise<number[]> {
  const { findClient } = await import('../../domain/clients/findClient.js');
  const ids: number[] = [];
  for (const ref of refs) ids.push((await findClient(db.models, ref)).id);
  return ids;
}

const cli = { type: 'cli' } as const;

/** `livechat agent ...`: accounts (super admins, managers, agents) and who answers which website. */
export function register(program: Command): void {
  const agent = program.command('agent').description('add, list, assign and disable accounts (agents, managers, super admins)');

  agent
    .command('add')
    .description('add an account; without --password a one-time password is generated and printed once')
    .requiredOption('--email <email>', 'sign-in e-mail (unique)')
    .requiredOption('--name <name>', 'real name')
    .option('--pseudo-name <name>', 'the name visitors see in chats (default: the first name)')
    .option('--role <role>', 'super_admin, manager or agent', 'agent')
    .option('--clients <clients>', 'websites this agent answers (ids, widget keys or names; comma separated)', collect)
    .option('--password <password>', 'the password (at least 10 characters)')
    .action(async (f: AgentFlags, cmd: Command) => {
      const { ctx, withDatabase } = await deps(cmd);
      const { createAgent } = await import('../../domain/agents/createAgent.js');
      const { generatePassword } = await import('../../domain/auth/passwords.js');
      const { presentUser } = await import('../../presenters/index.js');
      const password = f.password ?? generatePassword();
      const { user, ids } = await withDatabase(ctx, async (db) => {
        const ids = await clientIds(db, f.clients);
        const user = await db.sequelize.transaction((transaction) =>
          createAgent({ models: db.models, transaction, actor: cli }, { email: f.email!, name: f.name!, pseudoName: f.pseudoName, role: f.role as never, password, clientIds: ids }),
        );
        return { user, ids };
      });
      const generated = f.password ? {} : { oneTimePassword: password };
      ctx.out.result({ ...presentUser(user, { clientIds: ids }), ...generated }, () => {
        ctx.out.line(`Added ${user.role.replace('_', ' ')} #${user.id} ${user.email} ("${user.pseudo_name}" in chats).`);
        if (!f.password) ctx.out.line(`One-time password: ${password}  (shown only now: they should change it in their profile)`);
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
          const [id] = await clientIds(db, [f.client]);
          where.id = links.filter((l) => l.client_id === id).map((l) => l.user_id);
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

  for (const [name, verb] of [['assign', 'assign to'], ['unassign', 'take off']] as const) {
    agent
      .command(`${name} <agent>`)
      .description(`${verb} websites (the agent by id or e-mail)`)
      .requiredOption('--clients <clients>', 'websites (ids, widget keys or names; comma separated)', collect)
      .action(async (ref: string, f: AgentFlags, cmd: Command) => {
        const { ctx, withDatabase } = await deps(cmd);
        const { findUser } = await import('../../domain/agents/findUser.js');
        const { assignAgent } = await import('../../domain/agents/assignAgent.js');
        const { unassignAgent } = await import('../../domain/agents/unassignAgent.js');
        const result = await withDatabase(ctx, async (db) => {
          const user = await findUser(db.models, ref);
          const ids = await clientIds(db, f.clients);
          let changed = 0;
          await db.sequelize.transaction(async (transaction) => {
            const dctx = { models: db.models, transaction, actor: cli };
            for (const clientId of ids) {
              const did = name === 'assign' ? await assignAgent(dctx, { userId: user.id, clientId }) : await unassignAgent(dctx, { userId: user.id, clientId });
              if (did) changed++;
            }
          });
          return { agent: user.email, clientIds: ids, changed };
        });
        ctx.out.result(result, () => ctx.out.line(`${name === 'assign' ? 'Assigned' : 'Unassigned'} ${result.agent}: ${result.changed} change(s).`));
      });
  }

  agent
    .command('passwd <agent>')
    .description('set a new password (the agent by id or e-mail); ends their sessions and clears a lockout')
    .option('--password <password>', 'the new password (default: generate and print one)')
    .action(async (ref: string, f: AgentFlags, cmd: Command) => {
      const { ctx, withDatabase } = await deps(cmd);
      const { findUser } = await import('../../domain/agents/findUser.js');
      const { setPassword } = await import('../../domain/agents/setPassword.js');
      const { generatePassword } = await import('../../domain/auth/passwords.js');
      const password = f.password ?? generatePassword();
      const user = await withDatabase(ctx, async (db) => {
        const found = await findUser(db.models, ref);
        return db.sequelize.transaction((transaction) => setPassword({ models: db.models, transaction, actor: cli }, found.id, password));
      });
      ctx.out.result({ agent: user.email, ...(f.password ? {} : { oneTimePassword: password }) }, () => {
        ctx.out.line(`New password set for ${user.email}; their sessions were ended.`);
        if (!f.password) ctx.out.line(`One-time password: ${password}  (shown only now)`);
      });
    });

  for (const [name, active] of [['disable', false], ['enable', true]] as const) {
    agent
      .command(`${name} <agent>`)
      .description(active ? 'enable a disabled account' : 'disable an account: it cannot sign in, its sessions end, its history stays')
      .action(async (ref: string, _f: AgentFlags, cmd: Command) => {
        const { ctx, withDatabase } = await deps(cmd);
        const { findUser } = await import('../../domain/agents/findUser.js');
        const { updateAgent } = await import('../../domain/agents/updateAgent.js');
        const { presentUser } = await import('../../presenters/index.js');
        const user = await withDatabase(ctx, async (db) => {
          const found = await findUser(db.models, ref);
          return db.sequelize.transaction((transaction) => updateAgent({ models: db.models, transaction, actor: cli }, found.id, { isActive: active }));
        });
        ctx.out.result(presentUser(user), () => ctx.out.line(`${active ? 'Enabled' : 'Disabled'} ${user.email}.`));
      });
  }
}
