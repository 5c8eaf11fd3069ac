const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** The UTM parameters of a landing page's URL (`{utm_source: 'newsletter', ...}`), or null when it has none. */
export function utmOf(url: string): Record<string, string> | null {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return null;
  }
  const found = UTM_KEYS.flatMap((key) => {
    const value = params.get(key);
    return value ? [[key, value.slice(0, 200)] as const] : [];
  });
  return found.length ? Object.fromEntries(found) : null;
}
