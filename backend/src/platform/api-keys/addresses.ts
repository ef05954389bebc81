import { BlockList, isIP } from 'node:net';

/** `1.2.3.0/24`, `2001:db8::/32` or a single address (a /32 or /128). Null when it is none of these. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address, bits, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (!version || rest.length) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The client's address without the IPv4-in-IPv6 wrapping a dual-stack socket adds (`::ffff:1.2.3.4`). */
export function plainAddress(ip: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip;
}

/** Whether the address falls into one of the networks; an empty list allows every address. */
export function addressAllowed(cidrs: string[], ip: string): boolean {
  if (!cidrs.length) return true;
  const address = plainAddress(ip);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const c of cidrs) {
    const net = parseCidr(c);
    if (net) list.addSubnet(net.address, net.prefix, net.family);
  }
  return isIP(address) !== 0 && list.check(address, family);
}
