import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { PACKS } from './packs';

/** What every acknowledgement must record. */
export interface AcknowledgementOptions {
  /** Why the finding is accepted: the risk, the compensating control, the plan. Not empty. */
  readonly reason: string;
  /** Who accepted the risk (name and role, e.g. 'J Smith, SIRO'). Not empty. */
  readonly approvedBy: string;
  /**
   * The last day the acknowledgement holds, an ISO date `YYYY-MM-DD`. From the next day synth
   * fails until someone reviews it and renews or fixes.
   */
  readonly expires: string;
}

/**
 * The approval of Rootstock's own by-design acknowledgements (findings the library's defaults
 * accept, each with its reason): reviewed by the maintainers, renewed or fixed before expiry.
 */
export const DESIGN_REVIEW = {
  approvedBy: 'Rootstock maintainers (design review of the library defaults)',
  expires: '2027-11-30',
} as const;

/** A parsed acknowledgement, as recorded in the validation report's reason text. */
export interface RecordedAcknowledgement {
  readonly reason: string;
  readonly approvedBy?: string;
  readonly expires?: string;
}

/**
 * The validation plugin names by rule-id prefix: CDK records acknowledgements of plugin
 * findings under `<PluginName>::<RuleId>`. The packs Rootstock runs come from the pack registry;
 * cdk-nag's other packs are listed so a trust that adds one can acknowledge its findings too.
 */
const PLUGIN_BY_PREFIX: ReadonlyArray<readonly [string, string]> = [
  ...PACKS.filter((p) => p.ruleIdPrefix !== undefined).map((p) => [p.ruleIdPrefix!, p.pluginName] as const),
  ['NIST.800.53.R4-', 'NIST.800.53.R4'],
  ['PCI.DSS.321-', 'PCI.DSS.321'],
  ['Serverless-', 'Serverless'],
];

/**
 * The namespaced id CDK matches and records: `NhsTrustChecks::NHS-X` for `NHS-X`. Ids already
 * namespaced pass through: Control Tower guard rules are acknowledged as
 * `cdk-validator-cfnguard::<rule_name>` (e.g. `cdk-validator-cfnguard::s3_bucket_logging_enabled_check`).
 *
 * @throws Error for an id whose plugin cannot be told from its prefix
 */
export function qualifiedRuleId(ruleId: string): string {
  // A namespace is a '::' before any bracket: 'AwsSolutions-IAM5[Action::s3:*]' has none.
  if (/^[^[]*::/.test(ruleId)) return ruleId;
  const hit = PLUGIN_BY_PREFIX.find(([prefix]) => ruleId.startsWith(prefix));
  if (!hit) {
    throw new Error(
      `acknowledge: cannot tell which pack reports '${ruleId}'. Use a pack rule id (NHS-..., AwsSolutions-..., HIPAA.Security-..., NIST.800.53.R5-...) or the namespaced form '<PluginName>::<RuleId>'.`,
    );
  }
  return `${hit[1]}::${ruleId}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(value: string): Date | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value ? d : undefined;
}

/** The reason text recorded in the report: reason, approver and expiry, parseable by `parseAcknowledgementReason`. */
export function formatAcknowledgementReason(options: AcknowledgementOptions): string {
  return `${options.reason.trim()} [approved by: ${options.approvedBy.trim()}; expires: ${options.expires}]`;
}

/** Splits a recorded reason back into reason, approver and expiry (plain reasons come back whole). */
export function parseAcknowledgementReason(text: string): RecordedAcknowledgement {
  const m = /^([\s\S]*?)\s*\[approved by: ([^;\]]*); expires: (\d{4}-\d{2}-\d{2})\]$/.exec(text);
  if (!m) return { reason: text };
  return { reason: m[1], approvedBy: m[2], expires: m[3] };
}

/**
 * Acknowledges one pack finding on `scope` (and everything under it), with a reason, an
 * approver and an expiry date.
 *
 * Records the acknowledgement through `Validations.of(scope).acknowledge` under the
 * namespaced id (`NhsTrustChecks::NHS-X`), which CDK honours at synth and lists in
 * `cdk.out/validation-report.json` under `suppressedViolations` with the reason text (which
 * carries the approver and expiry). Once the expiry date has passed, synth fails with an
 * error naming the rule, the construct path and the date.
 *
 * For granular findings, acknowledge each exact id (e.g. `AwsSolutions-IAM5[Action::s3:*]`).
 *
 * @param ruleId the reported rule id: `NHS-KMSKeyRotationEnabled`, `AwsSolutions-IAM5`, ...
 * @throws Error when the reason or approver is empty or the expiry is not an ISO date
 */
export function acknowledge(scope: IConstruct, ruleId: string, options: AcknowledgementOptions): void {
  const where = `acknowledge(${scope.node.path || '<app>'}, '${ruleId}')`;
  if (typeof options.reason !== 'string' || options.reason.trim() === '') {
    throw new Error(`${where}: 'reason' must say why the finding is accepted (the risk and any compensating control); got ${JSON.stringify(options.reason)}.`);
  }
  if (typeof options.approvedBy !== 'string' || options.approvedBy.trim() === '') {
    throw new Error(`${where}: 'approvedBy' must name who accepted the risk (e.g. 'J Smith, SIRO'); got ${JSON.stringify(options.approvedBy)}.`);
  }
  const expiry = typeof options.expires === 'string' ? parseIsoDate(options.expires) : undefined;
  if (!expiry) {
    throw new Error(`${where}: 'expires' must be an ISO date YYYY-MM-DD (the last day the acknowledgement holds); got ${JSON.stringify(options.expires)}.`);
  }
  const id = qualifiedRuleId(ruleId);
  Validations.of(scope).acknowledge({ id, reason: formatAcknowledgementReason(options) });
  const path = scope.node.path || '<app>';
  scope.node.addValidation({
    validate: () => {
      const today = new Date(new Date().toISOString().slice(0, 10));
      return expiry.getTime() < today.getTime()
        ? [`The acknowledgement of ${ruleId} on ${path} expired on ${options.expires} (approved by ${options.approvedBy}). Review it: fix the finding, or renew the acknowledgement with a new expiry date and approval.`]
        : [];
    },
  });
}

/** A finding left after acknowledgements, from `unacknowledgedFindings`. */
export interface OpenFinding {
  /** The plugin name, e.g. NhsTrustChecks. */
  readonly pack: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly constructPath: string;
  readonly description: string;
}

/** A pack that can validate a construct tree directly (every cdk-nag 3.x NagPack). */
export interface ScopeValidator {
  readonly name: string;
  validateScope(scope: IConstruct): { violations: Array<{ ruleName: string; description: string; severity?: string; violatingResources: Array<{ constructPath?: string }> }> };
}

function acknowledgedIds(node: IConstruct | undefined): Set<string> {
  const ids = new Set<string>();
  for (let current = node; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) for (const id of Object.keys(entry.data as object)) ids.add(id);
    }
  }
  return ids;
}

/**
 * Runs packs over `scope` in-process (no synth) and returns the findings that no namespaced
 * acknowledgement covers, the way CDK filters them at synth. For tests that assert a stack has
 * no unacknowledged findings without writing a cloud assembly.
 */
export function unacknowledgedFindings(scope: IConstruct, packs: readonly ScopeValidator[]): OpenFinding[] {
  const byPath = new Map(scope.node.root.node.findAll().map((c) => [c.node.path, c] as const));
  const open: OpenFinding[] = [];
  for (const pack of packs) {
    for (const v of pack.validateScope(scope).violations) {
      for (const r of v.violatingResources) {
        const constructPath = r.constructPath ?? '';
        if (acknowledgedIds(byPath.get(constructPath)).has(`${pack.name}::${v.ruleName}`)) continue;
        open.push({ pack: pack.name, ruleId: v.ruleName, severity: v.severity ?? 'error', constructPath, description: v.description });
      }
    }
  }
  return open;
}
