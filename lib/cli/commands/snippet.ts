import type { Command } from 'commander';

/** `livechat snippet` (being written). */
export function register(program: Command): void {
  program.command('snippet').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
