import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { DESIGN_ACKNOWLEDGEMENTS, DESIGN_REVIEW } from '../../lib/acknowledgements';
import { loadTrustFile } from '../../lib/config/loader';
import { TrustStack } from '../../lib/trust-stack';
import { parseAcknowledgementReason, qualifiedRuleId, unacknowledgedFindings, type ScopeValidator } from '../../policies/acknowledge';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';

/**
 * The example trust against all four packs. Findings Rootstock's design accepts are acknowledged
 * by TrustStack itself (lib/acknowledgements.ts: reason, approver, expiry), so a new finding fails
 * here until it is fixed or reviewed into that list, and an acknowledgement that no longer matches
 * a finding fails here too, so the list never goes stale.
 */
describe('NHS, AwsSolutions, HIPAA Security and NIST 800-53 R5 on the example TrustStack', () => {
  let stack: TrustStack;
  let packs: ScopeValidator[];
  /** Every finding the packs report, acknowledged or not. */
  let findings: Array<{ ruleId: string; constructPath: string }>;

  beforeAll(() => {
    // GIVEN the example trust's stack WHEN the four packs check it
    const { config } = loadTrustFile(path.join(__dirname, '..', '..', 'trusts', 'example.yaml'));
    stack = new TrustStack(new App(), 'Example', config);
    packs = [new NhsTrustChecks(), new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()];
    findings = packs.flatMap((pack) =>
      pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => ({ ruleId: v.ruleName, constructPath: r.constructPath ?? '' }))),
    );
  });

  test('leaves no unacknowledged finding', () => {
    expect(unacknowledgedFindings(stack, packs).map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([]);
  });

  test('every design acknowledgement still matches a real finding on its construct or below (none stale)', () => {
    const stale = DESIGN_ACKNOWLEDGEMENTS.flatMap((ack) => {
      const root = `${stack.node.path}/${ack.path}`;
      const under = findings.filter((f) => f.constructPath === root || f.constructPath.startsWith(`${root}/`));
      // Control Tower (cfn-guard) acknowledgements are checked by `npm run check:guard`, which
      // runs the guard validator; the four packs here never report those ids.
      return ack.ruleIds
        .filter((id) => !id.startsWith('cdk-validator-cfnguard::'))
        .filter((id) => !under.some((f) => f.ruleId === id))
        .map((id) => `${id} on ${ack.path}`);
    });
    expect(stale).toEqual([]);
  });

  test('every design acknowledgement names an existing construct and gives a reason', () => {
    for (const ack of DESIGN_ACKNOWLEDGEMENTS) {
      expect(ack.path.split('/').reduce<IConstruct | undefined>((c, part) => c?.node.tryFindChild(part), stack)).toBeDefined();
      expect(ack.reason.trim()).not.toBe('');
      expect(ack.ruleIds.length).toBeGreaterThan(0);
    }
    expect(DESIGN_REVIEW.approvedBy.trim()).not.toBe('');
    expect(DESIGN_REVIEW.expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('TrustStack records each design acknowledgement on its construct with the reason, approver and expiry', () => {
    for (const ack of DESIGN_ACKNOWLEDGEMENTS) {
      const target = ack.path.split('/').reduce<IConstruct | undefined>((c, part) => c?.node.tryFindChild(part), stack)!;
      const recorded: Record<string, string> = Object.assign(
        {},
        ...target.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>),
      );
      for (const ruleId of ack.ruleIds) {
        const text = recorded[qualifiedRuleId(ruleId)];
        expect(text).toBeDefined();
        expect(parseAcknowledgementReason(text)).toEqual({ reason: ack.reason, approvedBy: DESIGN_REVIEW.approvedBy, expires: DESIGN_REVIEW.expires });
      }
    }
  });

  test('the packs do report findings, so the acknowledgements are what clears them', () => {
    // Without acknowledgements the packs are not silent: the zero above is earned, not vacuous.
    const acknowledgedRuleIds = new Set(DESIGN_ACKNOWLEDGEMENTS.flatMap((a) => a.ruleIds));
    expect(findings.some((f) => acknowledgedRuleIds.has(f.ruleId))).toBe(true);
  });
});
