import type { Command } from 'commander';

/** `livechat backup` (being written). */
export function register(program: Command): void {
  program.command('backup').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
