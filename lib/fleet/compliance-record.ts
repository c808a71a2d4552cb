import { CfnOutput, Lazy, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { parseAcknowledgementReason } from '../../policies/acknowledge';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';
import { ROOTSTOCK_VERSION } from '../version';

/** The stack output (logical id and name) holding a stack's compliance record. */
export const COMPLIANCE_OUTPUT_ID = 'RootstockCompliance';

/** What a stack was synthesised with, as recorded in it and read back by `rootstock fleet-status`. */
export interface ComplianceRecord {
  /** The record's format version. */
  readonly schema: 1;
  /** The Rootstock version the stack was synthesised from. */
  readonly version: string;
  /** The validation plugins (policy packs) registered when it was synthesised, by name. */
  readonly packs: readonly string[];
  /** The NHS rule list: the sha256 of the sorted rule ids (the pack's `ruleListVersion`, as the evidence records it). */
  readonly ruleList: string;
  /** How many NHS rules that list holds. */
  readonly rules: number;
  /** Acknowledged findings (one per rule id and construct). */
  readonly acknowledged: number;
  /** The earliest acknowledgement expiry, `YYYY-MM-DD`, with its rule id; absent when none expires. */
  readonly nearestExpiry?: { readonly date: string; readonly ruleId: string };
}

/** The names of the validation plugins registered on the stages enclosing `scope` (inner to outer). */
export function registeredPacks(scope: IConstruct): string[] {
  const names: string[] = [];
  for (let stage = Stage.isStage(scope) ? scope : Stage.of(scope); stage; stage = stage.node.scope ? Stage.of(stage.node.scope) : undefined) {
    // CDK keeps the plugins of `Validations.of(stage).addPlugins` on the stage; read them by name only.
    const plugins = (stage as unknown as { _validationPlugins?: Array<{ name?: string }> })._validationPlugins;
    for (const p of Array.isArray(plugins) ? plugins : []) if (p.name && !names.includes(p.name)) names.push(p.name);
  }
  return names;
}

/** The compliance record of `stack` as its construct tree stands now (acknowledgements included). */
export function complianceRecordOf(stack: Stack, packs: readonly string[] = registeredPacks(stack)): ComplianceRecord {
  const seen = new Set<string>();
  let nearest: { date: string; ruleId: string } | undefined;
  for (const c of stack.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const key = `${c.node.path}\u0000${id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const expires = parseAcknowledgementReason(String(reason)).expires;
        if (expires && (!nearest || expires < nearest.date)) nearest = { date: expires, ruleId: id };
      }
    }
  }
  const nhs = new NhsTrustChecks();
  return { schema: 1, version: ROOTSTOCK_VERSION, packs: [...packs], ruleList: nhs.ruleListVersion, rules: nhs.ruleIdList.length, acknowledged: seen.size, ...(nearest ? { nearestExpiry: nearest } : {}) };
}

/**
 * Records in `stack` what it was synthesised with: a stack output `RootstockCompliance` holding the
 * {@link ComplianceRecord} as JSON, worked out when the template is written, so acknowledgements and
 * packs added after this call count. `rootstock fleet-status` reads it with DescribeStacks.
 *
 * An output, not a resource: adding it changes no resource and no logical id.
 */
export function recordComplianceState(stack: Stack, options: { readonly packs?: readonly string[] } = {}): CfnOutput {
  // A later call naming the packs (the fleet pipeline checks them in its build step, not on the
  // stage) wins over the packs registered on the app.
  if (options.packs) namedPacks.set(stack, options.packs);
  const existing = stack.node.tryFindChild(COMPLIANCE_OUTPUT_ID);
  if (existing instanceof CfnOutput) return existing;
  return new CfnOutput(stack, COMPLIANCE_OUTPUT_ID, {
    description: 'Rootstock compliance record: packs, NHS rule list, acknowledged findings and the nearest acknowledgement expiry at synthesis.',
    value: Lazy.string({ produce: () => JSON.stringify(complianceRecordOf(stack, namedPacks.get(stack) ?? registeredPacks(stack))) }),
  });
}

const namedPacks = new WeakMap<Stack, readonly string[]>();

/** Parses a compliance record from a stack output value; undefined when it is not one. */
export function parseComplianceRecord(value: string | undefined): ComplianceRecord | undefined {
  if (!value) return undefined;
  try {
    const r = JSON.parse(value) as Partial<ComplianceRecord>;
    if (r.schema !== 1 || typeof r.version !== 'string' || !Array.isArray(r.packs) || typeof r.acknowledged !== 'number' || typeof r.ruleList !== 'string' || typeof r.rules !== 'number') return undefined;
    return r as ComplianceRecord;
  } catch {
    return undefined;
  }
}
