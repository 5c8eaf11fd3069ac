import type { Command } from 'commander';
import { register as install } from './install.js';
import { register as start } from './start.js';
import { register as migrate } from './migrate.js';
import { register as client } from './client.js';
import { register as agent } from './agent.js';
import { register as snippet } from './snippet.js';
import { register as doctor } from './doctor.js';
import { register as backup } from './backup.js';
import { register as restore } from './restore.js';
import { register as status } from './status.js';
import { register as jobs } from './jobs.js';
import { register as mail } from './mail.js';
import { register as report } from './report.js';
import { register as visitor } from './visitor.js';

/** Every command, in the order `livechat --help` lists them. Each file adds its own command(s). */
export const commands: Array<(program: Command) => void> = [install, start, status, doctor, migrate, client, agent, snippet, backup, restore, jobs, mail, report, visitor];
