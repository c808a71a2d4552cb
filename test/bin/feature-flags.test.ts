import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { parseTrustConfig } from '../../lib/config/loader';
import { TrustStack } from '../../lib/trust-stack';
import { isStateful, upgradeCheck } from '../../lib/upgrade/upgrade-check';

const repo = path.join(__dirname, '..', '..');
const recommended = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8')) as Record<string, unknown>;

/**
 * Stateful resource properties that a feature flag changes, each an in-place update (never a
 * replacement): documented here and guarded by the test below, which fails on any other difference.
 * - KMS key policies: `@aws-cdk/core:enablePartitionLiterals` writes `arn:aws:` instead of
 *   `arn:${AWS::Partition}:`, and `@aws-cdk/aws-iam:minimizePolicies` merges statements.
 */
const FLAG_DEPENDENT: Record<string, readonly string[]> = { 'AWS::KMS::Key': ['KeyPolicy'] };

/** Every trust config the library ships, synthesised in one app with `context` as the app's feature flags; templates written under a new folder. */
function synth(context: Record<string, unknown>): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-flags-'));
  const app = new App({ context, outdir: out });
  const files = ['trusts/example.yaml', ...fs.readdirSync(path.join(repo, 'trusts', 'examples')).map((f) => `trusts/examples/${f}`)];
  for (const file of files) {
    const config = parseTrustConfig(fs.readFileSync(path.join(repo, file), 'utf8'), file);
    new TrustStack(app, `Rootstock-${config.odsCode}-${config.environment}`, { trust: config });
  }
  app.synth();
  return out;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function statefulResources(dir: string): Record<string, Resources> {
  const out: Record<string, Resources> = {};
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.template.json'))) {
    const resources = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).Resources as Resources;
    out[f] = Object.fromEntries(Object.entries(resources).filter(([, r]) => isStateful(r.Type)));
  }
  return out;
}

describe('CDK feature flags', () => {
  test('cdk.json sets every recommended flag to its recommended value, so synth reports none unconfigured', () => {
    const context = JSON.parse(fs.readFileSync(path.join(repo, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
    const differing = Object.entries(recommended).filter(([flag, value]) => JSON.stringify(context[flag]) !== JSON.stringify(value)).map(([flag]) => flag);
    expect(differing).toEqual([]);
  });

  describe("the library's stateful resources under the recommended flags and under none", () => {
    let none: string;
    let flagged: string;
    beforeAll(() => {
      none = synth({});
      flagged = synth(recommended);
    });

    test('have the same logical ids, types and properties, but for the documented in-place differences', () => {
      const a = statefulResources(none);
      const b = statefulResources(flagged);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      const differences: string[] = [];
      for (const [template, resources] of Object.entries(a)) {
        expect(Object.keys(b[template]).sort()).toEqual(Object.keys(resources).sort());
        for (const [id, r] of Object.entries(resources)) {
          const other = b[template][id];
          expect(other.Type).toBe(r.Type);
          const props = new Set([...Object.keys(r.Properties ?? {}), ...Object.keys(other.Properties ?? {})]);
          for (const p of props) {
            if (JSON.stringify(r.Properties?.[p]) === JSON.stringify(other.Properties?.[p])) continue;
            if (!(FLAG_DEPENDENT[r.Type] ?? []).includes(p)) differences.push(`${template} ${id} ${r.Type}.${p}`);
          }
        }
      }
      expect(differences).toEqual([]);
    });

    test('an app switching between them replaces or removes no stateful resource (upgrade-check)', () => {
      expect(upgradeCheck(none, flagged).ok).toBe(true);
      expect(upgradeCheck(flagged, none).ok).toBe(true);
    });
  });
});
