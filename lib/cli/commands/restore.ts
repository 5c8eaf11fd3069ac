import type { Command } from 'commander';

/** `livechat restore` (being written). */
export function register(program: Command): void {
  program.command('restore').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
