import type { Command } from 'commander';

/** `livechat start` (being written). */
export function register(program: Command): void {
  program.command('start').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
