import type { Command } from 'commander';

/** `livechat status` (being written). */
export function register(program: Command): void {
  program.command('status').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
