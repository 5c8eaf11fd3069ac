/**
 * The model engine: any server speaking the OpenAI chat-completions API (OpenAI, Azure, Ollama,
 * vLLM, llama.cpp) reads the message, asked for a JSON verdict. Personal data (e-mails, phone and
 * card numbers) is masked before the text leaves the machine. Any failure — an HTTP error, no
 * answer within the timeout, a reply that is not the JSON asked for — falls back to the local
 * engine, so a chat never waits on the model.
 */
import { z } from 'zod';
import { polarityOf } from './localEngine.js';
import { AI_LANGUAGES, BUILTIN_INTENTS_LIST, type AiEngine, type AiLanguage, type MessageAnalysis } from './types.js';

export interface ModelSettings {
  /** Up to the version, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

export interface ModelCallLog {
  ok: boolean;
  ms: number;
  tokens: number | null;
  /** Why the local engine answered instead. */
  fallback?: string;
}

const verdict = z.object({
  language: z.string(),
  sentiment: z.number().min(-1).max(1),
  intent: z.string().nullable(),
  wantsHuman: z.boolean(),
});
const completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
  usage: z.object({ total_tokens: z.number() }).partial().optional(),
});

const PROMPT = `You classify one message a visitor wrote in a website's live chat. Answer with JSON only:
{"language": ISO 639-1 code, "sentiment": number from -1 (very negative) to 1 (very positive),
"intent": one of ${BUILTIN_INTENTS_LIST.join(', ')} or null, "wantsHuman": true if the visitor asks for a person}.`;

/** E-mails, card numbers and phone numbers become placeholders before a text is sent out. */
export function maskPersonalData(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/\b(?:\d[ -]?){13,19}\b/g, '[card]')
    .replace(/\+?\d[\d ().-]{7,}\d/g, '[phone]');
}

export function createModelEngine(settings: ModelSettings, fallback: AiEngine, log: (entry: ModelCallLog) => void = () => {}): AiEngine {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;

  async function ask(text: string): Promise<{ analysis: MessageAnalysis; tokens: number | null }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
      body: JSON.stringify({ model: settings.model, temperature: 0, messages: [{ role: 'system', content: PROMPT }, { role: 'user', content: maskPersonalData(text) }] }),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = completion.parse(await res.json());
    const content = body.choices[0].message.content.replace(/^```(?:json)?\s*|\s*```$/g, '');
    const v = verdict.parse(JSON.parse(content));
    const language = ((AI_LANGUAGES as readonly string[]).includes(v.language) ? v.language : 'en') as AiLanguage;
    const intent = v.intent && (BUILTIN_INTENTS_LIST as readonly string[]).includes(v.intent) ? v.intent : null;
    return {
      analysis: { language, sentiment: v.sentiment, polarity: polarityOf(v.sentiment), intent, intentScore: intent ? 1 : 0, wantsHuman: v.wantsHuman },
      tokens: body.usage?.total_tokens ?? null,
    };
  }

  return {
    name: 'model',
    async analyze(text) {
      const started = Date.now();
      try {
        const { analysis, tokens } = await ask(text);
        log({ ok: true, ms: Date.now() - started, tokens });
        return analysis;
      } catch (err) {
        const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : (err as Error).message.slice(0, 200);
        log({ ok: false, ms: Date.now() - started, tokens: null, fallback: reason });
        return fallback.analyze(text);
      }
    },
  };
}
