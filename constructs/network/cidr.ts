const PRIVATE_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
];

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/**
 * Why `cidr` is not a usable trust VPC block (a private IPv4 block from /16 to /24 with no host
 * bits set), or undefined when it is. The one CIDR check: the trust schema and TrustNetwork both use it.
 */
export function cidrProblem(cidr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return 'is not an IPv4 CIDR block like 10.20.0.0/16';
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return 'has an octet above 255';
  const prefix = Number(m[5]);
  if (prefix < 16 || prefix > 24) return `has prefix /${prefix}; use a prefix from /16 to /24`;
  const address = ipToInt(octets.join('.'));
  const hostBits = 2 ** (32 - prefix);
  if (address % hostBits !== 0) {
    const base = Math.floor(address / hostBits) * hostBits;
    const fixed = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.');
    return `has host bits set (did you mean ${fixed}/${prefix}?)`;
  }
  const isPrivate = PRIVATE_RANGES.some(([net, bits]) => Math.floor(address / 2 ** (32 - bits)) === Math.floor(ipToInt(net) / 2 ** (32 - bits)));
  if (!isPrivate) return 'is not in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)';
  return undefined;
}
