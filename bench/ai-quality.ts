/**
 * AI quality bench (docs/ai.md): trains the local engine as the server does at start-up and scores
 * it on the labelled visitor messages of test/fixtures/ai/messages.tsv. Prints the figures, the
 * thresholds the test holds them to, and with --misses every message the engine got wrong.
 *   npx tsx bench/ai-quality.ts [--misses]
 */
import fs from 'node:fs';
import { createLocalEngine } from '../lib/ai/localEngine.js';
import { parseLabelledMessages, QUALITY_THRESHOLDS, scoreEngine } from '../lib/ai/quality.js';

const messages = parseLabelledMessages(fs.readFileSync(new URL('../test/fixtures/ai/messages.tsv', import.meta.url), 'utf8'));
const engine = await createLocalEngine();
const started = process.hrtime.bigint();
const score = await scoreEngine(engine, messages);
const perMessageMs = Number(process.hrtime.bigint() - started) / 1e6 / messages.length;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`local engine: trained in ${engine.trainedMs} ms; ${messages.length} labelled messages, ${perMessageMs.toFixed(2)} ms per message`);
console.log(`"wants a human" recall      ${pct(score.wantsHumanRecall)}   (threshold ${pct(QUALITY_THRESHOLDS.wantsHumanRecall)}; false positives ${pct(score.wantsHumanFalsePositive)})`);
console.log(`sentiment polarity accuracy ${pct(score.polarityAccuracy)}   (threshold ${pct(QUALITY_THRESHOLDS.polarityAccuracy)})`);
console.log(`intent accuracy             ${pct(score.intentAccuracy)}   (threshold ${pct(QUALITY_THRESHOLDS.intentAccuracy)})`);
console.log(`language accuracy           ${pct(score.languageAccuracy)}`);
if (process.argv.includes('--misses')) for (const m of score.misses) console.log(`  ${m.expected.padEnd(22)} got ${m.got.padEnd(22)} ${m.text}`);
