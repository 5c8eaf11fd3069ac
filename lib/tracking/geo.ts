import net from 'node:net';
import { createRequire } from 'node:module';

export interface Place {
  country: string | null;
  city: string | null;
}

type GeoLite = typeof import('geoip-lite');
let geoip: GeoLite | null = null;

/** Loopback, private, link-local and unique-local addresses have no place on the map. */
function isPublicIp(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (net.isIPv4(v4)) {
    const [a, b] = v4.split('.').map(Number);
    return !(a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127));
  }
  if (!net.isIPv6(ip)) return false;
  const lower = ip.toLowerCase();
  return !(lower === '::1' || lower === '::' || lower.startsWith('fe80:') || lower.startsWith('fc') || lower.startsWith('fd'));
}

/**
 * Country and city of an IP address from the offline GeoLite2 database that the geoip-lite package
 * ships (nothing is downloaded at run time). The database takes about 150 MB of memory, so it is
 * loaded on the first public address only; `chat.geoLookup: false` turns the lookup off.
 */
export function locateIp(ip: string | null | undefined): Place | null {
  if (!ip || !isPublicIp(ip)) return null;
  geoip ??= createRequire(import.meta.url)('geoip-lite') as GeoLite;
  const found = geoip.lookup(ip);
  if (!found) return null;
  return { country: found.country || null, city: found.city || null };
}
