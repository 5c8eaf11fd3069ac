import type { Command } from 'commander';

/** `livechat migrate` (being written). */
export function register(program: Command): void {
  program.command('migrate').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
