/**
 * Whether a page origin belongs to a website's configured domains. `example.com` also admits
 * `www.example.com`; `*.example.com` admits any subdomain. A domain with a port must match it.
 */
export function originAllowed(origin: string | undefined | null, domains: string[]): boolean {
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  const hostWithPort = url.port ? `${host}:${url.port}` : host;
  return domains.some((raw) => {
    const domain = raw.toLowerCase();
    const target = domain.includes(':') ? hostWithPort : host;
    const bare = domain.replace(/^\*\./, '');
    if (domain.startsWith('*.')) return target.endsWith(`.${bare}`) || target === bare;
    return target === domain || target === `www.${domain}`;
  });
}
