import type { Command } from 'commander';

/** `livechat client` (being written). */
export function register(program: Command): void {
  program.command('client').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
