/**
 * Scores an engine against a labelled set of visitor messages (test/fixtures/ai/messages.tsv):
 * the figures the bench prints and the test holds to its thresholds.
 */
import type { AiEngine, Polarity } from './types.js';

export interface LabelledMessage {
  language: string;
  intent: string;
  polarity: Polarity;
  text: string;
}

export interface QualityScore {
  messages: number;
  /** Of the messages labelled "human", the share the engine flagged as wanting a human. */
  wantsHumanRecall: number;
  /** Of the messages not labelled "human", the share wrongly flagged. */
  wantsHumanFalsePositive: number;
  /** Share of messages whose polarity (positive / neutral / negative) matches the label. */
  polarityAccuracy: number;
  intentAccuracy: number;
  languageAccuracy: number;
  misses: { text: string; expected: string; got: string }[];
}

export const QUALITY_THRESHOLDS = { wantsHumanRecall: 0.95, polarityAccuracy: 0.85, intentAccuracy: 0.8 } as const;

/** Parses the TSV: `language<TAB>intent<TAB>polarity<TAB>text`, `#` lines are comments. */
export function parseLabelledMessages(tsv: string): LabelledMessage[] {
  return tsv
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line, i) => {
      const [language, intent, polarity, ...rest] = line.split('\t');
      if (!rest.length || !['positive', 'neutral', 'negative'].includes(polarity)) throw new Error(`labelled set, line ${i + 1}: expected language, intent, polarity, text`);
      return { language, intent, polarity: polarity as Polarity, text: rest.join('\t') };
    });
}

export async function scoreEngine(engine: AiEngine, messages: LabelledMessage[]): Promise<QualityScore> {
  let human = 0, humanHit = 0, other = 0, otherFlagged = 0, polarityHit = 0, intentHit = 0, languageHit = 0;
  const misses: QualityScore['misses'] = [];
  for (const m of messages) {
    const a = await engine.analyze(m.text);
    if (m.intent === 'human') {
      human++;
      if (a.wantsHuman) humanHit++;
    } else {
      other++;
      if (a.wantsHuman) otherFlagged++;
    }
    if (a.polarity === m.polarity) polarityHit++;
    else misses.push({ text: m.text, expected: `polarity ${m.polarity}`, got: `${a.polarity} (${a.sentiment})` });
    if (a.intent === m.intent) intentHit++;
    else misses.push({ text: m.text, expected: `intent ${m.intent}`, got: `${a.intent} (${a.intentScore})` });
    if (a.language === m.language) languageHit++;
    else misses.push({ text: m.text, expected: `language ${m.language}`, got: a.language });
  }
  const share = (n: number, d: number) => (d ? n / d : 1);
  return {
    messages: messages.length,
    wantsHumanRecall: share(humanHit, human),
    wantsHumanFalsePositive: share(otherFlagged, other),
    polarityAccuracy: share(polarityHit, messages.length),
    intentAccuracy: share(intentHit, messages.length),
    languageAccuracy: share(languageHit, messages.length),
    misses,
  };
}
