import net from 'node:net';

/** An address range a block names: one address, or a CIDR such as 203.0.113.0/24 or 2001:db8::/32. */
export interface IpRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Reads "address" or "address/prefix"; null when it is neither (the input schema says why). */
export function parseIpRange(text: string): IpRange | null {
  const [address, prefixText, ...rest] = text.trim().split('/');
  if (rest.length) return null;
  const version = net.isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** An IPv4 address a dual-stack server sees as ::ffff:a.b.c.d is matched as a.b.c.d. */
const plain = (ip: string) => (ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip);

/** Whether an address is in one of the ranges (node's BlockList does the matching, prefix by prefix). */
export function ipInRanges(ip: string | null | undefined, ranges: string[]): boolean {
  if (!ip || ranges.length === 0) return false;
  const address = plain(ip);
  const version = net.isIP(address);
  if (!version) return false;
  const list = new net.BlockList();
  for (const text of ranges) {
    const range = parseIpRange(text);
    if (range) list.addSubnet(range.address, range.prefix, range.family);
  }
  return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
}
