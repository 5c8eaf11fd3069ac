/**
 * Language of a short chat message among the supported ones. nlp.js's trigram guesser is good on
 * sentences but a greeting of two words gives it little to go on, so each language's own small
 * words and accents vote first, and the trigram guess decides what they leave open.
 */
import { createRequire } from 'node:module';
import { AI_LANGUAGES, type AiLanguage } from './types.js';

const require = createRequire(import.meta.url);
const { Language } = require('@nlpjs/language') as {
  Language: new () => { guessBest(text: string, allow: string[]): { alpha2: string } | undefined };
};

const MARKERS: Record<AiLanguage, string[]> = {
  en: ['the', 'i', 'my', 'is', 'you', 'your', 'to', 'and', 'a', 'it', 'this', 'can', 'please', 'thanks', 'thank', 'hello', 'hi', 'want', 'what', 'where', 'how', 'not', 'with', 'of', 'for', 'do', 'me', 'bye', 'yes', 'no', 'order'],
  es: ['el', 'la', 'los', 'las', 'mi', 'es', 'y', 'que', 'qué', 'un', 'una', 'con', 'por', 'para', 'no', 'gracias', 'hola', 'quiero', 'dónde', 'cómo', 'cuándo', 'cuánto', 'está', 'pedido', 'favor', 'muy', 'adiós', 'sí', 'del', 'hay', 'tengo', 'me', 'usted', 'esto', 'buenas', 'buenos'],
  fr: ['le', 'la', 'les', 'mon', 'ma', 'mes', 'est', 'et', 'que', 'un', 'une', 'avec', 'pour', 'pas', 'ne', 'merci', 'bonjour', 'je', 'veux', 'où', 'comment', 'quand', 'combien', 'commande', 'très', 'vous', 'votre', 'oui', 'du', 'des', 'il', 'c\'est', 'j\'ai', 'suis', 'au', 'revoir', 'salut', 'svp'],
};
const ACCENTS: Partial<Record<AiLanguage, RegExp>> = {
  es: /[ñ¿¡]|ción\b/g,
  fr: /[èêëàâçùûœ]|\b[jlcdnmqs]'/g,
};

const guesser = new Language();

export function detectLanguage(text: string): AiLanguage {
  const lower = text.toLowerCase();
  const words = lower.split(/[^\p{L}']+/u).filter(Boolean);
  const votes = new Map<AiLanguage, number>(AI_LANGUAGES.map((l) => [l, 0]));
  for (const language of AI_LANGUAGES) {
    const markers = new Set(MARKERS[language]);
    let n = words.filter((w) => markers.has(w)).length;
    n += 1.5 * (lower.match(ACCENTS[language] ?? /$^/g)?.length ?? 0);
    votes.set(language, n);
  }
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  if (ranked[0][1] > 0 && ranked[0][1] >= ranked[1][1] + 1) return ranked[0][0];
  const guess = guesser.guessBest(text, [...AI_LANGUAGES])?.alpha2;
  if (guess && (AI_LANGUAGES as readonly string[]).includes(guess)) {
    // A tie between the markers is broken by the trigram guess only among the tied languages.
    if (ranked[0][1] === 0 || votes.get(guess as AiLanguage) === ranked[0][1]) return guess as AiLanguage;
  }
  return ranked[0][1] > 0 ? ranked[0][0] : 'en';
}
