// Decides whether an IP address or a hostname may be reached by the link-preview fetcher.
// Anything that could lead into the server's own network (SSRF) is refused; only global unicast passes.
import { BlockList, isIP } from 'node:net';

// Special-purpose IPv4 blocks (RFC 6890 and successors) that never host a public web page.
const blockedV4 = subnets('ipv4', [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (also the Alibaba metadata address 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, includes the cloud metadata address 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation TEST-NET-1
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation TEST-NET-2
  ['203.0.113.0', 24], // documentation TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4] // reserved, includes the broadcast 255.255.255.255
]);

// IPv6 is judged by allow-list: only global unicast (2000::/3) can be public, which already excludes
// ::1, ::, fe80::/10, fc00::/7, ff00::/8 and 64:ff9b:1::/48. These are the special blocks inside it.
const globalUnicastV6 = subnets('ipv6', [['2000::', 3]]);
const blockedV6 = subnets('ipv6', [
  ['2001::', 23], // IETF protocol assignments: Teredo (hides an IPv4), benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['3fff::', 20] // documentation (RFC 9637)
]);

function subnets(type: 'ipv4' | 'ipv6', ranges: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, type);
  return list;
}

/** True when the address is a public unicast address a preview may connect to. */
export function isPublicAddress(address: string): boolean {
  // A zone index (fe80::1%eth0) only exists on local scopes; BlockList would silently ignore it.
  if (address.includes('%')) return false;
  const version = isIP(address);
  if (version === 4) return !blockedV4.check(address, 'ipv4');
  if (version === 6) return isPublicV6(address);
  return false;
}

function isPublicV6(address: string): boolean {
  const groups = ipv6Groups(address);
  // An address carrying an IPv4 one reaches that IPv4 host (through the stack, NAT64 or 6to4): judge that one.
  const embedded = embeddedIPv4(groups);
  if (embedded !== null) return isPublicAddress(embedded);
  return globalUnicastV6.check(address, 'ipv6') && !blockedV6.check(address, 'ipv6');
}

/** The IPv4 address inside mapped, compatible, translated, NAT64 and 6to4 IPv6 addresses, else null. */
export function embeddedIPv4(groups: number[]): string | null {
  const g = (index: number) => groups[index] ?? 0;
  const zeroes = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  const dotted = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  if (g(0) === 0x2002) return dotted(g(1), g(2)); // 6to4 2002:AABB:CCDD::/48
  const lastTwo = dotted(g(6), g(7));
  if (zeroes(0, 5) && (g(5) === 0 || g(5) === 0xffff)) return lastTwo; // ::a.b.c.d and ::ffff:a.b.c.d
  if (zeroes(0, 4) && g(4) === 0xffff && g(5) === 0) return lastTwo; // ::ffff:0:a.b.c.d (SIIT)
  if (g(0) === 0x64 && g(1) === 0xff9b && zeroes(2, 6)) return lastTwo; // NAT64 64:ff9b::/96
  return null;
}

/** The eight 16-bit groups of a valid IPv6 address (as accepted by net.isIP, without zone). */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dottedTail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dottedTail) {
    const [a, b, c, d] = dottedTail.slice(1).map(Number);
    const hex = (high = 0, low = 0) => (high * 256 + low).toString(16);
    text = `${text.slice(0, dottedTail.index)}${hex(a, b)}:${hex(c, d)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [head = '', tail] = text.split('::');
  if (tail === undefined) return parse(head);
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

// Names that only mean something inside a private network, whatever public DNS might answer for them.
const localSuffixes = ['localhost', 'local', 'internal', 'localdomain', 'home.arpa'];

/**
 * True when a hostname (not an IP literal) names a local machine: localhost and its subdomains,
 * .local/.internal names such as metadata.google.internal, and single-label names, which only
 * resolve through the server's own search domains.
 */
export function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (!name.includes('.')) return true;
  return localSuffixes.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}
