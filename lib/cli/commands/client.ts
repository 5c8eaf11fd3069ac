import type { Command } from 'commander';
import { collect } from './lists.js';

interface ClientFlags {
  name?: string;
  domain?: string[];
  addDomain?: string[];
  removeDomain?: string[];
  color?: string;
  position?: string;
  welcome?: string;
  serviceType?: string[];
  enable?: boolean;
  all?: boolean;
}

/** The widget settings given as flags (only the ones given; the rest keep their values). */
function settingsFrom(f: ClientFlags) {
  const s: Record<string, unknown> = {};
  if (f.color !== undefined) s.color = f.color;
  if (f.position !== undefined) s.position = f.position;
  if (f.welcome !== undefined) s.welcomeText = f.welcome;
  if (f.serviceType !== undefined) s.serviceTypes = f.serviceType;
  return s;
}

async function deps(cmd: Command) {
  const { contextFor, withDatabase } = await import('../context.js');
  const ctx = contextFor(cmd);
  return { ctx, withDatabase };
}

/** `livechat client ...`: the websites whose visitors the agents answer. */
export function register(program: Command): void {
  const client = program.command('client').description('add, list, change and disable websites (clients)');

  client
    .command('add')
    .description('add a website: prints its widget key and the snippet to paste into its pages')
    .requiredOption('--name <name>', 'the website\'s name, as agents see it')
    .requiredOption('--domain <domain>', 'a domain the widget may run on (repeat, or separate with commas)', collect)
    .option('--color <hex>', 'widget colour, e.g. #1f7aec')
    .option('--position <side>', 'left or right')
    .option('--welcome <text>', 'welcome text shown in the widget')
    .option('--service-type <type>', 'a service type offered in the lead form (repeatable)', collect)
    .action(async (f: ClientFlags, cmd: Command) => {
      const { ctx, withDatabase } = await deps(cmd);
      const { createClient } = await import('../../domain/clients/createClient.js');
      const { renderSnippet } = await import('../../domain/clients/renderSnippet.js');
      const { presentClient } = await import('../../presenters/index.js');
      const created = await withDatabase(ctx, (db) =>
        db.sequelize.transaction((transaction) =>
          createClient({ models: db.models, transaction, actor: { type: 'cli' } }, { name: f.name!, domains: f.domain!, widgetSettings: settingsFrom(f) }),
        ),
      );
      const snippet = renderSnippet(ctx.config.publicUrl, created.widget_key);
      ctx.out.result(presentClient(created, snippet), () => {
        ctx.out.line(`Added website #${created.id} "${created.name}" (${created.domains.join(', ')}), widget key ${created.widget_key}.`);
        ctx.out.line('Paste this just before </body> on every page of the website:');
        ctx.out.line('');
        ctx.out.line(snippet);
      });
    });

  client
    .command('list')
    .description('list the websites')
    .option('--all', 'include disabled websites')
    .action(async (f: ClientFlags, cmd: Command) => {
      const { ctx, withDatabase } = await deps(cmd);
      const { listClients } = await import('../../domain/clients/listClients.js');
      const { presentClient } = await import('../../presenters/index.js');
      const rows = await withDatabase(ctx, async (db) => {
        const clients = await listClients(db.models, { includeInactive: Boolean(f.all) });
        const counts = await db.models.ClientAgent.count({ group: ['client_id'] });
        const agents = new Map((counts as unknown as { client_id: number; count: number }[]).map((c) => [c.client_id, Number(c.count)]));
        return clients.map((c) => ({ ...presentClient(c), agents: agents.get(c.id) ?? 0 }));
      });
      ctx.out.result({ clients: rows }, () =>
        ctx.out.table(
          rows.map((r) => ({ id: r.id, name: r.name, domains: r.domains, 'widget key': r.widgetKey, active: r.isActive ? 'yes' : 'no', agents: r.agents })),
          ['id', 'name', 'domains', 'widget key', 'active', 'agents'],
        ),
      );
    });

  client
    .command('update <client>')
    .description('change a website (by id, widget key or name); settings not given stay as they are')
    .option('--name <name>', 'new name')
    .option('--domain <domain>', 'replace the domains with these (repeatable)', collect)
    .option('--add-domain <domain>', 'add a domain (repeatable)', collect)
    .option('--remove-domain <domain>', 'remove a domain (repeatable)', collect)
    .option('--color <hex>', 'widget colour')
    .option('--position <side>', 'left or right')
    .option('--welcome <text>', 'welcome text')
    .option('--service-type <type>', 'replace the lead form\'s service types (repeatable)', collect)
    .option('--enable', 'enable a disabled website')
    .action(async (ref: string, f: ClientFlags, cmd: Command) => {
      const { ctx, withDatabase } = await deps(cmd);
      const { findClient } = await import('../../domain/clients/findClient.js');
      const { updateClient } = await import('../../domain/clients/updateClient.js');
      const { presentClient } = await import('../../presenters/index.js');
      const updated = await withDatabase(ctx, (db) =>
        db.sequelize.transaction(async (transaction) => {
          const current = await findClient(db.models, ref);
          let domains = f.domain ?? [...current.domains];
          if (f.addDomain) domains = [...domains, ...f.addDomain];
          if (f.removeDomain) domains = domains.filter((d) => !f.removeDomain!.includes(d.toLowerCase()));
          const input: Record<string, unknown> = {};
          if (f.name !== undefined) input.name = f.name;
          if (f.domain || f.addDomain || f.removeDomain) input.domains = domains;
          const settings = settingsFrom(f);
          if (Object.keys(settings).length) input.widgetSettings = settings;
          if (f.enable) input.isActive = true;
          return updateClient({ models: db.models, transaction, actor: { type: 'cli' } }, current.id, input);
        }),
      );
      ctx.out.result(presentClient(updated), () => ctx.out.line(`Updated website #${updated.id} "${updated.name}" (${updated.domains.join(', ')}).`));
    });

  client
    .command('disable <client>')
    .description('disable a website: its widget stops, its chats and visitors are kept')
    .action(async (ref: string, _f: ClientFlags, cmd: Command) => {
      const { ctx, withDatabase } = await deps(cmd);
      const { findClient } = await import('../../domain/clients/findClient.js');
      const { updateClient } = await import('../../domain/clients/updateClient.js');
      const { presentClient } = await import('../../presenters/index.js');
      const updated = await withDatabase(ctx, (db) =>
        db.sequelize.transaction(async (transaction) => {
          const current = await findClient(db.models, ref);
          return updateClient({ models: db.models, transaction, actor: { type: 'cli' } }, current.id, { isActive: false });
        }),
      );
      ctx.out.result(presentClient(updated), () => ctx.out.line(`Disabled website #${updated.id} "${updated.name}". Its history is kept; \`livechat client update ${updated.id} --enable\` brings it back.`));
    });
}
