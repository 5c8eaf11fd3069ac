/** The AI layer's contract: what an engine answers about a visitor's message. */

export const AI_LANGUAGES = ['en', 'es', 'fr'] as const;
export type AiLanguage = (typeof AI_LANGUAGES)[number];

export const BUILTIN_INTENTS_LIST = [
  'greeting', 'thanks', 'bye', 'human', 'complaint', 'pricing', 'order_status', 'cancel', 'refund', 'technical',
] as const;
export type BuiltinIntent = (typeof BUILTIN_INTENTS_LIST)[number];

export type Polarity = 'positive' | 'neutral' | 'negative';

export interface MessageAnalysis {
  /** ISO 639-1 code of the supported language the text reads as. */
  language: AiLanguage;
  /** About -1 (very negative) .. +1 (very positive). */
  sentiment: number;
  polarity: Polarity;
  /** A built-in intent, `kb:<key>` for a knowledge-base question, or null when nothing is confident. */
  intent: string | null;
  /** 0..1 */
  intentScore: number;
  /** The visitor asks for a person: the assistant steps aside and the chat goes to the agents. */
  wantsHuman: boolean;
}

/** An extra question the classifier learns (a knowledge-base article's title or question). */
export interface TrainingDocument {
  language: AiLanguage;
  text: string;
  intent: string;
}

/** One interface for the local engine and (later) a model engine with the local one as fallback. */
export interface AiEngine {
  readonly name: string;
  analyze(text: string): Promise<MessageAnalysis>;
}
