import type { Command } from 'commander';

/** `livechat install` (being written). */
export function register(program: Command): void {
  program.command('install').description('(not yet available)').action(() => {
    throw new Error('not yet available');
  });
}
