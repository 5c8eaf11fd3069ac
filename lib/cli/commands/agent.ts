import type { Command } from 'commander';

/** `livechat agent` (being written). */
export function register(program: Command): void {
  program.command('agent').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
