const KEY = 'livechat.visitor';
const YEAR_MS = 365 * 24 * 3600 * 1000;

interface Saved {
  v: string;
  s?: string;
  /** Expiry (ms since the epoch), pushed a year ahead on every visit. */
  x: number;
}

/**
 * The visitor's key in the host site's own (first-party) localStorage, for 365 days after the last
 * visit: third-party cookies are blocked by browsers, so livechat's origin could not keep it.
 */
export function openStore() {
  let saved: Saved | null = null;
  try {
    saved = JSON.parse(localStorage.getItem(KEY) || 'null');
  } catch {
    /* storage blocked or garbled: a new visitor */
  }
  if (saved && !(saved.x > Date.now())) saved = null;
  return {
    visitorKey: saved?.v,
    sessionKey: saved?.s,
    save(v: string, s: string) {
      try {
        localStorage.setItem(KEY, JSON.stringify({ v, s, x: Date.now() + YEAR_MS }));
      } catch {
        /* private mode: the visitor is new on each page */
      }
    },
  };
}
