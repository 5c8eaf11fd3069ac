/**
 * Runs after `build:widget`: prints what a visitor downloads, writes the .gz twins, and fails the
 * build when a budget is exceeded (test/e2e/widget/budget.test.ts asserts the same on the files).
 */
import { fileURLToPath } from 'node:url';
import { BUDGETS, measureWidget, writeGzipTwins } from './budget.js';

const dist = fileURLToPath(new URL('./dist', import.meta.url));
const m = measureWidget(dist);
const kb = (n: number) => `${(n / 1000).toFixed(2)} kB`;
console.log('widget sizes (gzip -9):');
for (const f of m.firstOpen) console.log(`  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip).padStart(9)}`);
console.log(`  loader on every page: ${kb(m.loaderGz)} (budget ${kb(BUDGETS.loaderGz)})`);
console.log(`  first open in total:  ${kb(m.firstOpenGz)} (budget ${kb(BUDGETS.firstOpenGz)})`);
writeGzipTwins(dist);
if (m.loaderGz > BUDGETS.loaderGz || m.firstOpenGz > BUDGETS.firstOpenGz) {
  console.error('widget: over budget');
  process.exit(1);
}
