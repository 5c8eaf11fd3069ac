import type { Command } from 'commander';

/** `livechat doctor` (being written). */
export function register(program: Command): void {
  program.command('doctor').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
