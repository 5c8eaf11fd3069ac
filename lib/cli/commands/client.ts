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
  requiredFields?: string;
  offlineTitle?: string;
  offlineText?: string;
  offlineThanks?: string;
  /** true with --sound, false with --no-sound, undefined when neither is given. */
  sound?: boolean;
  /** A URL with --logo, false with --no-logo. */
  logo?: string | false;
  enable?: boolean;
  all?: boolean;
}

/**
 * --required-fields "name,email" (or "none"): which lead form fields a visitor must fill in, the
 * others optional. A name that is not a lead form field is an error, not a field silently dropped.
 */
async function leadRequiredFrom(list: string) {
  const { LEAD_FIELDS } = await import('../../domain/schemas.js');
  const { UserError } = await import('../context.js');
  const given = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const none = given.length === 1 && given[0] === 'none';
  const unknown = none ? [] : given.filter((g) => !(LEAD_FIELDS as readonly string[]).includes(g));
  if (unknown.length || !given.length) throw new UserError(`--required-fields takes a comma-separated list of ${LEAD_FIELDS.join(', ')} (or "none"); "${unknown.join(', ') || list}" is not one of them.`);
  return Object.fromEntries(LEAD_FIELDS.map((k) => [k, given.includes(k)]));
}

/** The widget settings given as flags (only the ones given; the rest keep their values). */
async function settingsFrom(f: ClientFlags) {
  const s: Record<string, unknown> = {};
  if (f.requiredFields !== undefined) s.leadRequired = await leadRequiredFrom(f.requiredFields);
  if (f.color !== undefined) s.color = f.color;
  if (f.position !== undefined) s.position = f.position;
  if (f.welcome !== undefined) s.welcomeText = f.welcome;
  if (f.serviceType !== undefined) s.serviceTypes = f.serviceType;
  if (f.offlineTitle !== undefined) s.offlineTitle = f.offlineTitle;
  if (f.offlineText !== undefined) s.offlineText = f.offlineText;
  if (f.offlineThanks !== undefined) s.offlineThanks = f.offlineThanks;
  if (f.sound !== undefined) s.sound = f.sound;
  return s;
}

/**
 * The domains after --domain (replace), --add-domain and --remove-domain. Removal compares the
 * normalized host (as stored), and a domain that is not there is an error: a typo must not pass
 * silently while the operator believes a site was cut off.
 */
async function nextDomains(current: { name: string; domains: string[] }, f: ClientFlags): Promise<string[]> {
  const { domain } = await import('../../domain/schemas.js');
  const { UserError } = await import('../context.js');
  const normalize = (d: string) => {
    const parsed = domain.safeParse(d);
    return parsed.success ? parsed.data : d.trim().toLowerCase();
  };
  let domains = f.domain ?? [...current.domains];
  if (f.addDomain) domains = [...domains, ...f.addDomain];
  for (const removed of (f.removeDomain ?? []).map(normalize)) {
    const kept = domains.filter((d) => normalize(d) !== removed);
    if (kept.length === domains.length) throw new UserError(`${removed} is not a domain of "${current.name}" (its domains: ${domains.map(normalize).join(', ')}).`);
    domains = kept;
  }
  return domains;
}

async function deps(cmd: Command) {
  const { contextFor, withDatabase } = await import('../context.js');
  const { cliUnitOfWork } = await import('../unitOfWork.js');
  const ctx = contextFor(cmd);
  return { ctx, withDatabase, cliUnitOfWork };
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
    .option('--required-fields <list>', 'lead form fields a visitor must fill in: name, email, phone, comma-separated, or none (default: name,email)')
    .addHelpText('after', '\nExample:\n  livechat client add --name "Academic Help" --domain academichelp.com --domain www.academichelp.com --color #1f7aec')
    .action(async (f: ClientFlags, cmd: Command) => {
      const { ctx, withDatabase, cliUnitOfWork } = await deps(cmd);
      const widgetSettings = await settingsFrom(f);
      const { createClient } = await import('../../domain/clients/createClient.js');
      const { renderSnippet } = await import('../../domain/clients/renderSnippet.js');
      const { presentClient } = await import('../../presenters/index.js');
      const { created, sameName } = await withDatabase(ctx, async (db) => {
        const created = await cliUnitOfWork(ctx, db, (dctx) =>
          createClient(dctx, { name: f.name!, domains: f.domain!, widgetSettings }),
        );
        return { created, sameName: await db.models.Client.count({ where: { name: created.name } }) };
      });
      // Names are allowed to repeat, but then the name no longer works as a <client> reference.
      if (sameName > 1) ctx.out.warn(`${sameName} websites are now named "${created.name}": refer to this one by its id (${created.id}) or widget key.`);
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
        // Only active accounts count: a disabled agent still assigned answers nobody.
        const active = new Set((await db.models.User.findAll({ where: { is_active: true, role: 'agent' }, attributes: ['id'] })).map((u) => u.id));
        const agents = new Map<number, number>();
        for (const link of await db.models.ClientAgent.findAll({ attributes: ['client_id', 'user_id'] })) {
          if (active.has(link.user_id)) agents.set(link.client_id, (agents.get(link.client_id) ?? 0) + 1);
        }
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
    .option('--required-fields <list>', 'lead form fields a visitor must fill in: name, email, phone, comma-separated, or none')
    .option('--offline-title <text>', 'the widget header\'s status when no agent is online')
    .option('--offline-text <text>', 'the first line of the offline form')
    .option('--offline-thanks <text>', 'shown after a visitor leaves an offline message')
    .option('--sound', 'beep for an agent message while the chat is hidden (the default)')
    .option('--no-sound', 'no beep by default (a visitor can still turn it on)')
    .option('--logo <url>', 'the widget header\'s picture: an https:// URL or a path on livechat (/...)')
    .option('--no-logo', 'remove the logo: the header shows the website\'s initial')
    .option('--enable', 'enable a disabled website')
    .action(async (ref: string, f: ClientFlags, cmd: Command) => {
      const { ctx, withDatabase, cliUnitOfWork } = await deps(cmd);
      const { UserError } = await import('../context.js');
      const { findClient } = await import('../../domain/clients/findClient.js');
      const { updateClient } = await import('../../domain/clients/updateClient.js');
      const { presentClient } = await import('../../presenters/index.js');
      const settings = await settingsFrom(f);
      const changesDomains = Boolean(f.domain || f.addDomain || f.removeDomain);
      if (f.name === undefined && !changesDomains && !Object.keys(settings).length && f.logo === undefined && !f.enable) {
        throw new UserError(
          'Nothing to change: give at least one of --name, --domain, --add-domain, --remove-domain, --color, --position, --welcome, --service-type, --offline-title, --offline-text, --offline-thanks, --sound/--no-sound, --logo/--no-logo, --required-fields or --enable.',
        );
      }
      const updated = await withDatabase(ctx, async (db) => {
        const current = await findClient(db.models, ref);
        const input: Record<string, unknown> = {};
        if (f.name !== undefined) input.name = f.name;
        if (changesDomains) input.domains = await nextDomains(current, f);
        if (Object.keys(settings).length) input.widgetSettings = settings;
        if (f.logo !== undefined) input.logo = f.logo === false ? null : f.logo;
        if (f.enable) input.isActive = true;
        return cliUnitOfWork(ctx, db, (dctx) => updateClient(dctx, current.id, input));
      });
      ctx.out.result(presentClient(updated), () => ctx.out.line(`Updated website #${updated.id} "${updated.name}" (${updated.domains.join(', ')}).`));
    });

  client
    .command('disable <client>')
    .description('disable a website: its widget stops, its chats and visitors are kept')
    .action(async (ref: string, _f: ClientFlags, cmd: Command) => {
      const { ctx, withDatabase, cliUnitOfWork } = await deps(cmd);
      const { findClient } = await import('../../domain/clients/findClient.js');
      const { updateClient } = await import('../../domain/clients/updateClient.js');
      const { presentClient } = await import('../../presenters/index.js');
      const { client, wasActive } = await withDatabase(ctx, async (db) => {
        const current = await findClient(db.models, ref);
        const wasActive = Boolean(current.is_active);
        // Disabling twice is harmless (scripts may repeat it), so only a real change is written and audited.
        if (!wasActive) return { client: current, wasActive };
        const client = await cliUnitOfWork(ctx, db, (dctx) => updateClient(dctx, current.id, { isActive: false }));
        return { client, wasActive };
      });
      ctx.out.result(presentClient(client), () =>
        ctx.out.line(`${wasActive ? 'Disabled' : 'Already disabled:'} website #${client.id} "${client.name}". Its history is kept; \`livechat client update ${client.id} --enable\` brings it back.`),
      );
    });
}
