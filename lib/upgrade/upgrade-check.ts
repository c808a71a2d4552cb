import * as fs from 'fs';
import * as path from 'path';
import { fullDiff, ResourceImpact, type ResourceDifference } from '@aws-cdk/cloudformation-diff';
import { loadTrustDir } from '../config/loader';
import { UserError } from '../errors';
import { trustStackName } from '../trust-stack';
import { readSynthOutput, type SynthStackTemplate } from './assembly';

/**
 * Resource types that hold data (or the keys to it). Replacing or removing one loses the data,
 * or, when retained, takes it out of the stack's management.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = [
  'AWS::KMS::Key',
  'AWS::KMS::ReplicaKey',
  'AWS::S3::Bucket',
  'AWS::S3Express::DirectoryBucket',
  'AWS::Logs::LogGroup',
  'AWS::HealthLake::FHIRDatastore',
  'AWS::Cognito::UserPool',
  'AWS::Backup::BackupVault',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::Neptune::DBCluster',
  'AWS::DocDB::DBCluster',
  'AWS::Redshift::Cluster',
  'AWS::EFS::FileSystem',
  'AWS::FSx::FileSystem',
  'AWS::EC2::Volume',
  'AWS::SecretsManager::Secret',
  'AWS::Kinesis::Stream',
  'AWS::OpenSearchService::Domain',
  'AWS::Elasticsearch::Domain',
  'AWS::Timestream::Database',
  'AWS::Timestream::Table',
];

/**
 * Properties CloudFormation refuses to change on an existing resource: the update fails (and the
 * stack rolls back) instead of replacing, so the only way through is a new resource and a migration.
 * The resource specification marks these as plain updates, so they are listed here.
 */
export const IMMUTABLE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::KMS::Key': ['KeySpec', 'KeyUsage', 'MultiRegion', 'Origin'],
};

/** A property change on a stateful resource that forces (or may force) its replacement, or that CloudFormation refuses. */
export interface ReplacingProperty {
  /** The CloudFormation property name, e.g. `BucketName`. */
  readonly name: string;
  /** `yes` when the change always replaces, `maybe` when it depends on the value, `refused` when CloudFormation fails the update. */
  readonly replaces: 'yes' | 'maybe' | 'refused';
  /** The baseline value. */
  readonly oldValue: unknown;
  /** The candidate value. */
  readonly newValue: unknown;
}

/** One stateful resource the candidate would replace, remove or stop retaining. */
export interface UpgradeProblem {
  /** The stack it is in. */
  readonly stackName: string;
  /** Its logical id in the baseline. */
  readonly logicalId: string;
  /** Its resource type. */
  readonly type: string;
  /** Its construct path (from `aws:cdk:path` metadata), when known. */
  readonly constructPath?: string;
  /** What happens to it. */
  readonly impact: 'replaced' | 'may-be-replaced' | 'update-refused' | 'removed' | 'orphaned' | 'retention-weakened' | 'stack-removed';
  /** The properties forcing replacement (for `replaced` / `may-be-replaced`). */
  readonly properties: readonly ReplacingProperty[];
  /** One sentence: why, and what happens to the data. */
  readonly reason: string;
}

/** What changed in one stack. */
export interface StackComparison {
  /** The stack name both synths share. */
  readonly stackName: string;
  /**
   * `added` / `removed` stacks exist in only one synth; `not-synthesised`: the baseline's stack is
   * absent from the candidate because the candidate synth did not select it (its trust config
   * still exists, or the candidate folder still holds its template from an earlier synth), so it
   * was not compared.
   */
  readonly status: 'unchanged' | 'changed' | 'added' | 'removed' | 'not-synthesised';
  /** Why a stack was not compared (for `not-synthesised`). */
  readonly note?: string;
  /** Counts of resource changes (all resources, stateful or not). */
  readonly added: number;
  readonly modified: number;
  readonly removed: number;
  /** Stateful resources that would be replaced, removed or lose retention. */
  readonly problems: readonly UpgradeProblem[];
}

/** The result of an upgrade check: `ok` is false when any stateful resource is at risk. */
export interface UpgradeCheckResult {
  readonly baseline: string;
  readonly candidate: string;
  readonly ok: boolean;
  readonly stacks: readonly StackComparison[];
}

const RETAINED = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

/** Whether a resource type holds data (see STATEFUL_RESOURCE_TYPES). */
export function isStateful(type: string | undefined): boolean {
  return type !== undefined && STATEFUL_RESOURCE_TYPES.includes(type);
}

/** Options of {@link upgradeCheck}. */
export interface UpgradeCheckOptions {
  /**
   * The trust configs folder: a baseline stack missing from the candidate whose trust config is
   * still here was not selected by the candidate synth (`-c trust=...`), not removed.
   *
   * @default - no trust configs consulted: a missing stack counts as not selected only when the
   *   candidate cloud assembly still holds its template from an earlier synth
   */
  readonly trustsDir?: string;
}

/** Stack names of the trust configs in `dir`; empty when there is no such folder or it does not load. */
function configuredStacks(dir: string | undefined): Set<string> | undefined {
  if (!dir || !fs.existsSync(dir)) return undefined;
  try {
    return new Set(loadTrustDir(dir).map((t) => trustStackName(t.config)));
  } catch {
    // A config that does not load cannot synthesise either: nothing to learn from the folder.
    return undefined;
  }
}

/**
 * Compares two synths stack by stack and finds every stateful resource the candidate would
 * replace, remove (delete or orphan) or stop retaining, and every stack it would drop.
 *
 * Folders are compared stack by stack, matched by stack name; a cloud assembly contributes only
 * the stacks its manifest names. A baseline stack the candidate synth did not select (a partial
 * synth, `-c trust=RH8`) is reported as not synthesised and not compared, rather than removed.
 * Two single template files are compared with each other whatever their file names, reported
 * under the candidate's name.
 *
 * @throws UserError (exit 2) when either input is unreadable, is not a template, or both are the same.
 */
export function upgradeCheck(baselineDir: string, candidateDir: string, options: UpgradeCheckOptions = {}): UpgradeCheckResult {
  const baselineRead = readSynthOutput(baselineDir, 'baseline').stacks;
  const candidateRead = readSynthOutput(candidateDir, 'candidate');
  const candidate = candidateRead.stacks;
  const realBaseline = fs.realpathSync(baselineDir);
  if (realBaseline === fs.realpathSync(candidateDir)) {
    // Comparing a synth with itself always passes and so proves nothing.
    throw new UserError(
      `--baseline and --candidate are the same ${fs.statSync(realBaseline).isFile() ? 'file' : 'folder'} ('${baselineDir}' and '${candidateDir}' are both ${realBaseline}), ` +
        'so nothing would be compared. Pass the synth of the released version as --baseline (the committed test/baselines, or a synth of the release tag) ' +
        'and the synth you want to deploy as --candidate.',
    );
  }
  // One file against one file: the file names need not match (e.g. a downloaded template against a fresh synth).
  const bothFiles = fs.statSync(baselineDir).isFile() && fs.statSync(candidateDir).isFile();
  const baseline = bothFiles ? [{ ...baselineRead[0], stackName: candidate[0].stackName }] : baselineRead;
  const byName = new Map(candidate.map((s) => [s.stackName, s]));
  const configured = configuredStacks(options.trustsDir);
  const stacks: StackComparison[] = [];
  for (const old of baseline) {
    const next = byName.get(old.stackName);
    byName.delete(old.stackName);
    if (next) stacks.push(compareStack(old, next));
    else stacks.push(notSelected(old, configured, candidateRead.unlisted, options.trustsDir) ?? removedStack(old));
  }
  for (const added of byName.values()) {
    stacks.push({ stackName: added.stackName, status: 'added', added: Object.keys(resourcesOf(added.template)).length, modified: 0, removed: 0, problems: [] });
  }
  stacks.sort((a, b) => a.stackName.localeCompare(b.stackName));
  return { baseline: baselineDir, candidate: candidateDir, ok: stacks.every((s) => s.problems.length === 0 && s.status !== 'removed'), stacks };
}

function resourcesOf(template: Record<string, unknown>): Record<string, { Type?: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, unknown> }> {
  return (template.Resources ?? {}) as Record<string, { Type?: string }>;
}

function cdkPath(resource: unknown): string | undefined {
  const p = (resource as { Metadata?: Record<string, unknown> } | undefined)?.Metadata?.['aws:cdk:path'];
  return typeof p === 'string' ? p : undefined;
}

/** A stack the candidate synth did not select, or undefined when its absence means removal. */
function notSelected(old: SynthStackTemplate, configured: Set<string> | undefined, unlisted: readonly string[], trustsDir: string | undefined): StackComparison | undefined {
  const stackName = old.stackName;
  // CDK names a template after the stack's artifact id: the stack name, or the baseline's file name.
  const lingering = unlisted.includes(stackName) || unlisted.includes(path.basename(old.file).replace(/\.template\.json$/, ''));
  const stale = lingering ? ' The candidate folder still holds its template from an earlier synth, which its manifest does not name, so it was ignored.' : '';
  // With trust configs at hand they decide: a deleted trust is a removal even if a stale template lingers.
  const selectedOut = configured ? configured.has(stackName) : stale !== '';
  if (!selectedOut) return undefined;
  const why = configured ? `its trust config is still in ${trustsDir}, but the candidate synth did not select it (e.g. -c trust=...).` : 'the candidate synth did not select it.';
  return {
    stackName,
    status: 'not-synthesised',
    added: 0,
    modified: 0,
    removed: 0,
    problems: [],
    note: `not in the candidate synth: ${why}${stale} Not compared: synthesise every trust (npm run synth) to check it.`,
  };
}

function removedStack(old: SynthStackTemplate): StackComparison {
  const resources = resourcesOf(old.template);
  const stateful = Object.entries(resources).filter(([, r]) => isStateful(r.Type));
  const problems: UpgradeProblem[] = [
    {
      stackName: old.stackName,
      logicalId: '(whole stack)',
      type: 'AWS::CloudFormation::Stack',
      impact: 'stack-removed',
      properties: [],
      reason:
        `the candidate synth has no stack ${old.stackName}: deleting it would delete or orphan its ${stateful.length} stateful resource(s)` +
        (stateful.length ? ` (${stateful.map(([id, r]) => `${id} ${r.Type}`).join(', ')})` : '') +
        '. A renamed stack or construct id, or a trust config that no longer synthesises, looks like this',
    },
  ];
  return { stackName: old.stackName, status: 'removed', added: 0, modified: 0, removed: Object.keys(resources).length, problems };
}

function compareStack(old: SynthStackTemplate, next: SynthStackTemplate): StackComparison {
  // fullDiff normalises the templates in place; give it copies.
  const diff = fullDiff(structuredClone(old.template), structuredClone(next.template));
  const problems: UpgradeProblem[] = [];
  let added = 0;
  let modified = 0;
  let removed = 0;
  const addedByType = new Map<string, string[]>();
  diff.resources.forEachDifference((logicalId: string, change: ResourceDifference) => {
    if (change.isAddition && change.newResourceType) {
      addedByType.set(change.newResourceType, [...(addedByType.get(change.newResourceType) ?? []), logicalId]);
    }
  });
  diff.resources.forEachDifference((logicalId: string, change: ResourceDifference) => {
    if (change.isAddition) {
      added++;
      return;
    }
    if (change.isRemoval) removed++;
    else modified++;
    const type = change.oldResourceType ?? change.newResourceType ?? 'unknown';
    if (!isStateful(change.oldResourceType)) return;
    const base = { stackName: old.stackName, logicalId, type, constructPath: cdkPath(change.oldValue) };
    const impact = change.changeImpact;
    if (change.isRemoval) {
      const orphaned = impact === ResourceImpact.WILL_ORPHAN;
      const sameType = addedByType.get(type) ?? [];
      const renamed = sameType.length
        ? `logical id changed (construct id renamed?): the candidate adds ${sameType.join(', ')} of the same type, a new empty resource. `
        : '';
      problems.push({
        ...base,
        impact: orphaned ? 'orphaned' : 'removed',
        properties: [],
        reason:
          `removed: ${renamed}` +
          (orphaned
            ? `Its DeletionPolicy is ${change.oldValue?.DeletionPolicy}, so it is orphaned, not deleted, but its data leaves the stack's management and nothing deployed uses it any more.`
            : 'It has no retain policy, so CloudFormation deletes it and its data.'),
      });
      return;
    }
    if (change.resourceTypeChanged) {
      problems.push({ ...base, impact: 'replaced', properties: [], reason: `type changed from ${change.oldResourceType} to ${change.newResourceType}: the resource is replaced and its data lost.` });
      return;
    }
    if (impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE) {
      const properties: ReplacingProperty[] = [];
      for (const [name, p] of Object.entries(change.propertyUpdates)) {
        if (p.changeImpact === ResourceImpact.WILL_REPLACE || p.changeImpact === ResourceImpact.MAY_REPLACE) {
          properties.push({ name, replaces: p.changeImpact === ResourceImpact.WILL_REPLACE ? 'yes' : 'maybe', oldValue: p.oldValue, newValue: p.newValue });
        }
      }
      const certain = impact === ResourceImpact.WILL_REPLACE;
      problems.push({
        ...base,
        impact: certain ? 'replaced' : 'may-be-replaced',
        properties,
        reason:
          `${certain ? 'replaced' : 'may be replaced'}: changing ${properties.map((p) => p.name).join(', ')} ${certain ? 'forces' : 'can force'} replacement; ` +
          'CloudFormation creates a new, empty resource and the old one (with its data) is deleted or orphaned.',
      });
      return;
    }
    const immutable = IMMUTABLE_PROPERTIES[type] ?? [];
    const refused = Object.entries(change.propertyUpdates).filter(([name]) => immutable.includes(name));
    if (refused.length > 0) {
      problems.push({
        ...base,
        impact: 'update-refused',
        properties: refused.map(([name, p]) => ({ name, replaces: 'refused' as const, oldValue: p.oldValue, newValue: p.newValue })),
        reason:
          `update refused: CloudFormation cannot change ${refused.map(([name]) => name).join(', ')} on an existing ${type}, so the deploy fails and rolls back. ` +
          'A different value needs a new resource (new construct id) and a migration of everything that depends on the old one.',
      });
      return;
    }
    const oldPolicy = change.oldValue?.DeletionPolicy as string | undefined;
    const newPolicy = change.newValue?.DeletionPolicy as string | undefined;
    if (oldPolicy && RETAINED.has(oldPolicy) && !(newPolicy && RETAINED.has(newPolicy))) {
      problems.push({
        ...base,
        impact: 'retention-weakened',
        properties: [],
        reason: `retention weakened: DeletionPolicy ${oldPolicy} becomes ${newPolicy ?? 'Delete'}, so a later removal would delete its data.`,
      });
    }
  });
  const status = added + modified + removed === 0 && diff.isEmpty ? 'unchanged' : 'changed';
  return { stackName: old.stackName, status, added, modified, removed, problems };
}
