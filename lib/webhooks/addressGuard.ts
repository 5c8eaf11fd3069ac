import dns from 'node:dns';
import net from 'node:net';

/** Addresses a webhook may not reach unless allowed: this machine, its private networks, link-local (cloud metadata), and the like. */
const PRIVATE_V4 = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const;
const PRIVATE_V6 = [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const;

export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, a private or loopback address that webhooks may not reach (allow it in webhooks.allowPrivateAddresses)`);
    this.name = 'BlockedAddressError';
  }
}

function blockList(entries: readonly (readonly [string, number])[], type: 'ipv4' | 'ipv6', list = new net.BlockList()) {
  for (const [address, prefix] of entries) list.addSubnet(address, prefix, type);
  return list;
}

function allowList(allowed: string[]) {
  const list = new net.BlockList();
  for (const entry of allowed) {
    const [address, prefix] = entry.split('/');
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/**
 * The SSRF guard: a `lookup` for http.request that resolves the host and refuses an address in a
 * private range (unless allowed). The connection goes to the very address checked, so a DNS answer
 * that changes between check and connect (rebinding) gains nothing.
 */
export interface AddressGuard {
  lookup: net.LookupFunction;
  /** Throws BlockedAddressError for a URL whose host is a literal address in a refused range (no lookup happens for those). */
  checkLiteral(hostname: string): void;
}

export function addressGuard(allowed: string[]): AddressGuard {
  const blocked = blockList(PRIVATE_V6, 'ipv6', blockList(PRIVATE_V4, 'ipv4'));
  const allow = allowList(allowed);
  const check = (host: string, address: string, family: number) => {
    const type: 'ipv4' | 'ipv6' = family === 6 ? 'ipv6' : 'ipv4';
    // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    const mapped = type === 'ipv6' && /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const [a, t] = mapped ? [mapped[1], 'ipv4' as const] : [address, type];
    if (blocked.check(a, t) && !allow.check(a, t)) throw new BlockedAddressError(host, address);
  };
  // Node asks for every address (all: true) when it tries IPv4 and IPv6 in turn: each one is checked.
  const lookup = ((hostname: string, options: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      try {
        for (const a of addresses) check(hostname, a.address, a.family);
      } catch (blockedErr) {
        return callback(blockedErr as Error, '', 0);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as net.LookupFunction;
  return {
    lookup,
    checkLiteral(hostname) {
      const bare = hostname.replace(/^\[|\]$/g, '');
      const family = net.isIP(bare);
      if (family) check(hostname, bare, family);
    },
  };
}
