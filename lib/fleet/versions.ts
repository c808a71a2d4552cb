/** How far `deployed` is behind `latest` (semver): `up to date`, `<n> major|minor|patch`, `ahead`, or `unknown`. */
export function behindBy(deployed: string, latest: string): string {
  const parse = (v: string): number[] | undefined => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
    return m ? m.slice(1, 4).map(Number) : undefined;
  };
  const d = parse(deployed);
  const l = parse(latest);
  if (!d || !l) return 'unknown';
  const labels = ['major', 'minor', 'patch'];
  for (let k = 0; k < 3; k++) {
    if (d[k] < l[k]) return `${l[k] - d[k]} ${labels[k]}`;
    if (d[k] > l[k]) return 'ahead';
  }
  return 'up to date';
}

/** Whether a deployed version is still supported. */
export type Support = 'supported' | 'out of support' | 'unknown';

/**
 * Whether `deployed` is within the support window of `latest`: the same major version and at most
 * `window` minor versions behind (a version ahead of latest is supported).
 */
export function supportOf(deployed: string, latest: string, window: number): Support {
  const parse = (v: string): number[] | undefined => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
    return m ? m.slice(1, 4).map(Number) : undefined;
  };
  const d = parse(deployed);
  const l = parse(latest);
  if (!d || !l) return 'unknown';
  if (d[0] !== l[0]) return d[0] > l[0] ? 'supported' : 'out of support';
  return l[1] - d[1] > window ? 'out of support' : 'supported';
}
