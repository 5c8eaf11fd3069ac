import type { Command } from 'commander';

/** `livechat snippet <client>`: just the embed snippet, easy to pipe into a template. */
export function register(program: Command): void {
  program
    .command('snippet <client>')
    .description('print the embed snippet of a website (by id, widget key or name)')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { findClient } = await import('../../domain/clients/findClient.js');
      const { renderSnippet } = await import('../../domain/clients/renderSnippet.js');
      const ctx = contextFor(cmd);
      const client = await withDatabase(ctx, (db) => findClient(db.models, ref));
      if (!client.is_active) throw new UserError(`The website "${client.name}" is disabled: enable it with \`livechat client update ${client.id} --enable\` first.`);
      const snippet = renderSnippet(ctx.config.publicUrl, client.widget_key);
      ctx.out.result({ client: client.name, widgetKey: client.widget_key, snippet }, () => process.stdout.write(`${snippet}\n`));
    });
}
