import { isIntrinsic } from '../../cfn';

/**
 * AWS regions in the UK, where NHS data at rest stays (eu-west-2, London).
 *
 * Defined here, not imported from lib/config, because policies/ judges any template and never
 * imports lib/ (DESIGN.md: data flows one way).
 */
export const UK_REGIONS: readonly string[] = ['eu-west-2'];

/** Stand-in for `AWS::Region` (the stack's own region, judged by the trust config, not by these rules). */
const OWN_REGION = '{own-region}';
/** Stand-in for any other unresolved value inside a string. */
const UNKNOWN = '{unknown}';

/** Shape of an AWS region name, e.g. eu-west-2, us-gov-west-1, ap-southeast-5. */
export const REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Whether `region` is a UK region. */
export function isUkRegion(region: string): boolean {
  return UK_REGIONS.includes(region);
}

function placeholder(v: unknown): string {
  if (isIntrinsic(v) && v.Ref === 'AWS::Region') return OWN_REGION;
  if (isIntrinsic(v) && v.Ref === 'AWS::Partition') return 'aws';
  if (isIntrinsic(v) && v.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
  return UNKNOWN;
}

/**
 * The text of a string-valued expression: plain strings, Fn::Join and Fn::Sub are flattened
 * with stand-ins for the parts that cannot be resolved; other intrinsics give undefined.
 */
export function flattenString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isIntrinsic(v)) return undefined;
  // The pseudo parameters on their own (Region: !Ref AWS::Region names the stack's own region).
  if (typeof v.Ref === 'string' && ['AWS::Region', 'AWS::Partition', 'AWS::URLSuffix'].includes(v.Ref)) return placeholder(v);
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((p) => (typeof p === 'string' ? p : (flattenString(p) ?? placeholder(p)))).join(join[0]);
  }
  const sub = v['Fn::Sub'];
  const template = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (template !== undefined) {
    return template.replace(/\$\{([^}!]+)\}/g, (_m, name: string) =>
      name === 'AWS::Region' ? OWN_REGION : name === 'AWS::Partition' ? 'aws' : name === 'AWS::URLSuffix' ? 'amazonaws.com' : UNKNOWN,
    );
  }
  return undefined;
}

const ARN = /arn:aws[a-z-]*:[a-z0-9-]+:([^:\s"]*):/g;
const HOST = /(?:^|[./-])([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})\.amazonaws\.com/g;
const REGION_KEY = /Regions?$|RegionName$/;

/**
 * Every non-UK region a resource's properties point at, as finding strings: the region name
 * (e.g. 'us-east-1'), or 'unresolved-region' where a region is named by a value that cannot be
 * resolved. Reads ARNs (region field), AWS hostnames (`<region>.amazonaws.com`), and properties
 * whose name ends in Region, Regions or RegionName. IAM `Condition` blocks are skipped: they
 * restrict where actions run, they do not place data.
 */
export function nonUkRegionFindings(properties: unknown): string[] {
  const found = new Set<string>();
  const judge = (region: string) => {
    if (region === '' || region === OWN_REGION) return;
    if (region.includes(UNKNOWN)) found.add('unresolved-region');
    else if (REGION_PATTERN.test(region) && !isUkRegion(region)) found.add(region);
  };
  const scanText = (text: string) => {
    for (const m of text.matchAll(ARN)) judge(m[1]);
    for (const m of text.matchAll(HOST)) judge(m[1]);
  };
  const walk = (v: unknown, key: string | undefined): void => {
    if (key !== undefined && REGION_KEY.test(key)) {
      for (const item of Array.isArray(v) ? v : [v]) {
        const text = flattenString(item);
        if (text !== undefined) judge(text);
        else if (isIntrinsic(item)) found.add('unresolved-region');
      }
      return;
    }
    const text = flattenString(v);
    if (text !== undefined) {
      scanText(text);
      return;
    }
    if (Array.isArray(v)) v.forEach((item) => walk(item, undefined));
    else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) if (k !== 'Condition') walk(child, k);
    }
  };
  walk(properties, undefined);
  return [...found].sort();
}
