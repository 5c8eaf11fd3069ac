#!/usr/bin/env node
// Runs the whole suite as two mocha processes side by side (npm run test:two) and fails if either fails.
// Not yet what npm test runs: in its one CI run (18.6 min instead of 26.8) two load-sensitive tests
// failed (the phone widget's minimise, the Redis-outage log count). Most tests
// wait (servers, browsers, databases, child processes): one process used under one core of the two
// and took 24 minutes; two take about half. Each group's output is printed whole when it ends, so
// the log reads as two ordinary mocha runs. Extra arguments go to both (e.g. --grep).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const extra = process.argv.slice(2);
// Balanced by run time: the integration tests on one side; the CLI, browser and unit tests on the other.
const groups = [
  { name: 'integration', patterns: ['test/integration/**/*.test.ts'] },
  { name: 'cli, browser and unit', patterns: ['test/cli/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/unit/**/*.test.ts'] },
];

const started = Date.now();
const runs = groups.map(
  (group) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [mocha, ...group.patterns, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
      const out = [];
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.on('data', (d) => out.push(d));
      const beat = setInterval(() => console.log(`… ${group.name}: still running (${Math.round((Date.now() - started) / 60000)} min)`), 120_000);
      child.on('close', (code, signal) => {
        clearInterval(beat);
        console.log(`\n===== ${group.name} (${Math.round((Date.now() - started) / 1000)} s): exit ${code ?? signal} =====`);
        process.stdout.write(Buffer.concat(out));
        resolve(code === 0);
      });
    }),
);
const ok = (await Promise.all(runs)).every(Boolean);
console.log(ok ? '\nAll test groups passed.' : '\nA test group failed: see its output above.');
process.exit(ok ? 0 : 1);
