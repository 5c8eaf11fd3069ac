import type { Command } from 'commander';

/** `livechat snippet <client>`: just the embed snippet, easy to pipe into a template. */
export function register(program: Command): void {
  program
    .command('snippet <client>')
    .description('print the embed snippet of a website (by id, widget key or name), and nothing else')
    .addHelpText('after', '\nExample:\n  livechat snippet "Academic Help" > snippet.html')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { findClient } = await import('../../domain/clients/findClient.js');
      const { renderSnippet } = await import('../../domain/clients/renderSnippet.js');
      const { presentClient } = await import('../../presenters/index.js');
      const ctx = contextFor(cmd);
      const client = await withDatabase(ctx, (db) => findClient(db.models, ref));
      // A disabled website's widget does not load, so pasting its snippet would only show nothing.
      if (!client.is_active) throw new UserError(`The website "${client.name}" is disabled: enable it with \`livechat client update ${client.id} --enable\` first.`);
      const snippet = renderSnippet(ctx.config.publicUrl, client.widget_key);
      // Only the snippet on stdout, so `livechat snippet Shop > file` or `| pbcopy` gives exactly it.
      ctx.out.result({ client: presentClient(client), snippet }, () => process.stdout.write(`${snippet}\n`));
    });
}
