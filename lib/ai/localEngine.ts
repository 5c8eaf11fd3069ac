/**
 * The local engine: no network, nothing downloaded at run time. nlp.js (@nlpjs/*, shipped in npm)
 * trains one small classifier per supported language from the built-in intents plus the extra
 * documents given (a website's knowledge-base questions); its sentiment lexicons give the score.
 * Training is synchronous inside nlp.js, so each language trains in its own turn of the event loop
 * (a few tens of ms each) instead of one long block at start-up.
 */
import { createRequire } from 'node:module';
import { BUILTIN_INTENTS } from './builtinIntents.js';
import { detectLanguage } from './language.js';
import { AI_LANGUAGES, type AiEngine, type AiLanguage, type MessageAnalysis, type Polarity, type TrainingDocument } from './types.js';

const require = createRequire(import.meta.url);

interface NlpResult {
  intent: string;
  score: number;
  sentiment?: { score: number; vote: string };
}
interface Nlp {
  settings: Record<string, unknown>;
  addLanguage(locale: string): void;
  addDocument(locale: string, text: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, text: string): Promise<NlpResult>;
}

const LANGUAGE_PLUGINS: Record<AiLanguage, () => unknown> = {
  en: () => (require('@nlpjs/lang-en') as { LangEn: unknown }).LangEn,
  es: () => (require('@nlpjs/lang-es') as { LangEs: unknown }).LangEs,
  fr: () => (require('@nlpjs/lang-fr') as { LangFr: unknown }).LangFr,
};

/** Below this the classifier's best guess is not an intent (nlp.js's own default). */
const INTENT_THRESHOLD = 0.5;
/** How much an intent that carries a mood moves the lexicon's score (a complaint without a bad word is still negative). */
const INTENT_MOOD: Record<string, number> = { complaint: -0.6, thanks: 0.6 };
/**
 * A request ("I'd like to cancel, please") is neutral however polite its words: the general-purpose
 * lexicons read "like", "please" and "want" as positive, so for these intents they count for less
 * and the frustration cues below decide.
 */
const REQUEST_INTENTS = new Set(['pricing', 'order_status', 'cancel', 'refund', 'technical', 'human']);
const REQUEST_LEXICON_WEIGHT = 0.3;
const NEUTRAL_BAND = 0.15;
/** What support visitors say when it is going badly, which general lexicons miss (a wait that goes on, a repeat, a bot refused). */
const FRUSTRATION_CUES = [
  /\b(still (not|no|hasn'?t|haven'?t|didn'?t)|still waiting|keeps? \w+ing|again|useless|ridiculous|unacceptable|not acceptable|fed up|enough|done with this)\b/iu,
  /\b(todavía no|aún no|sigo sin|sigue sin|todo el rato|otra vez|de nuevo|basta|harto|harta|inútil)\b/iu,
  /(toujours pas|encore une fois|tout le temps|arrêtez|ras le bol|marre|inutile|inadmissible)/iu,
  /\b(don'?t want|no quiero|ne veux pas)\b.*\b(bot|robot)\b|\bstop\b.*\b(bot|person|human|now)\b/iu,
];
const FRUSTRATION_WEIGHT = -0.5;

/**
 * "I want a person" in so many words: a request for a human is the one intent that must not be
 * missed (the assistant steps aside), so a plain mention backs the classifier up.
 */
const HUMAN_WORDS = /\b(human|humans|person|people|someone real|real person|agent|agents|representative|operator|staff|humano|persona|alguien|agente|asesor|operador|humain|personne|conseiller|conseillère|opérateur|quelqu'un)\b/iu;
const NOT_A_BOT = /\b(bot|robot|machine)\b/iu;

const NLU_SETTINGS = { keepStopwords: true, nonefeatureValue: 1, nonedeltaMultiplier: 1.2, spellCheck: false, spellCheckDistance: 1, filterZeros: true, log: false };

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function trainLanguage(language: AiLanguage, extra: TrainingDocument[]): Promise<Nlp> {
  const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap: () => Promise<{ use(p: unknown): void; get(n: string): Nlp; registerConfiguration(tag: string, settings: object, overwrite: boolean): void }> };
  const { Nlp: NlpPlugin } = require('@nlpjs/nlp') as { Nlp: unknown };
  const container = await containerBootstrap();
  // nlp.js prints every training epoch unless its classifier's defaults say otherwise.
  container.registerConfiguration(`nlu-${language}`, NLU_SETTINGS, true);
  container.registerConfiguration('nlu-??', NLU_SETTINGS, true);
  container.use(NlpPlugin);
  container.use(LANGUAGE_PLUGINS[language]());
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.autoLoad = false;
  nlp.settings.log = false;
  nlp.settings.nlu = { log: false };
  nlp.addLanguage(language);
  for (const [intent, byLanguage] of Object.entries(BUILTIN_INTENTS)) {
    for (const text of byLanguage[language]) nlp.addDocument(language, text, intent);
  }
  for (const doc of extra) if (doc.language === language) nlp.addDocument(language, doc.text, doc.intent);
  await nlp.train();
  return nlp;
}

export function polarityOf(score: number): Polarity {
  if (score >= NEUTRAL_BAND) return 'positive';
  if (score <= -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

export interface LocalEngine extends AiEngine {
  /** Languages trained, and how long training took (for the start-up log). */
  readonly trainedMs: number;
}

/** Trains the classifiers (built-in intents + `extra`) and returns the engine. */
export async function createLocalEngine(options: { extra?: TrainingDocument[] } = {}): Promise<LocalEngine> {
  const started = Date.now();
  const byLanguage = new Map<AiLanguage, Nlp>();
  for (const language of AI_LANGUAGES) {
    byLanguage.set(language, await trainLanguage(language, options.extra ?? []));
    await yieldToEventLoop();
  }
  const trainedMs = Date.now() - started;

  async function analyze(text: string): Promise<MessageAnalysis> {
    const language = detectLanguage(text);
    const result = await byLanguage.get(language)!.process(language, text);
    const intent = result.intent !== 'None' && result.score >= INTENT_THRESHOLD ? result.intent : null;
    let lexicon = Math.tanh((result.sentiment?.score ?? 0) / 2);
    if (intent && REQUEST_INTENTS.has(intent)) lexicon *= REQUEST_LEXICON_WEIGHT;
    const frustration = FRUSTRATION_CUES.some((cue) => cue.test(text)) ? FRUSTRATION_WEIGHT : 0;
    const sentiment = Math.max(-1, Math.min(1, lexicon + frustration + (intent ? INTENT_MOOD[intent] ?? 0 : 0)));
    const wantsHuman = intent === 'human' || HUMAN_WORDS.test(text) || NOT_A_BOT.test(text);
    return {
      language,
      sentiment: Math.round(sentiment * 1000) / 1000,
      polarity: polarityOf(sentiment),
      intent: wantsHuman && intent !== 'human' && !intent ? 'human' : intent,
      intentScore: intent ? Math.round(result.score * 1000) / 1000 : 0,
      wantsHuman,
    };
  }

  return { name: 'local', trainedMs, analyze };
}
