import { en, type Texts } from './texts.js';

/**
 * "We are back on Monday at 9:00": when a closed website opens next, in the visitor's own time
 * zone and locale (Intl), said relative to the visitor's today: today, tomorrow, a weekday within
 * the week, or a weekday with its date beyond.
 */
export function backAt(nextOpenAt: string, now = new Date(), locale?: string, texts: Pick<Texts, 'backToday' | 'backTomorrow' | 'backOn'> = en): string {
  const at = new Date(nextOpenAt);
  const time = at.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  const dayNumber = (d: Date) => Math.round(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() / 86_400_000);
  const days = dayNumber(at) - dayNumber(now);
  if (days <= 0) return texts.backToday(time);
  if (days === 1) return texts.backTomorrow(time);
  const day = at.toLocaleDateString(locale, days < 7 ? { weekday: 'long' } : { weekday: 'long', day: 'numeric', month: 'long' });
  return texts.backOn(day, time);
}
