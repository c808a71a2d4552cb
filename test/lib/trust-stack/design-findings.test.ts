import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { TrustNetwork } from '../../../constructs/network';
import { loadTrustFile } from '../../../lib/config/loader';
import { designFindingsOf, TrustStack } from '../../../lib/trust-stack';
import { DESIGN_REVIEW, parseAcknowledgementReason, qualifiedRuleId, unacknowledgedFindings, type ScopeValidator } from '../../../policies/acknowledge';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';

/**
 * The one design-findings mechanism, over the example trust and all four packs: constructs record
 * the findings their design raises (DesignFindings), TrustStack acknowledges them with the
 * library's reviewed approval, and every recorded finding must still be raised by a pack on the
 * construct that recorded it, so none goes stale and none hides a different finding.
 */
describe('design findings on the example TrustStack', () => {
  let stack: TrustStack;
  let packs: ScopeValidator[];
  /** Every finding the packs report, acknowledged or not. */
  let findings: Array<{ ruleId: string; constructPath: string }>;

  beforeAll(() => {
    // GIVEN the example trust's stack WHEN the four packs check it
    const { config } = loadTrustFile(path.join(__dirname, '..', '..', '..', 'trusts', 'example.yaml'));
    stack = new TrustStack(new App(), 'Example', { trust: config });
    packs = [new NhsTrustChecks(), new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()];
    findings = packs.flatMap((pack) =>
      pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => ({ ruleId: v.ruleName, constructPath: r.constructPath ?? '' }))),
    );
  });

  test('leaves no unacknowledged finding', () => {
    expect(unacknowledgedFindings(stack, packs).map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([]);
  });

  test('every recorded design finding is still raised on its own construct or below (none stale)', () => {
    // Control Tower (cfn-guard) findings are raised only by the guard validator, which
    // `npm run check:guard` runs with the same staleness check.
    const stale = designFindingsOf(stack)
      .filter((f) => !f.ruleId.startsWith('cdk-validator-cfnguard::'))
      .filter((f) => !findings.some((x) => x.ruleId === f.ruleId && (x.constructPath === f.path || x.constructPath.startsWith(`${f.path}/`))))
      .map((f) => `${f.ruleId} on ${f.path}`);
    expect(stale).toEqual([]);
  });

  test('TrustStack acknowledges each design finding on its construct with the reason, approver and expiry', () => {
    const recorded = designFindingsOf(stack);
    expect(recorded.length).toBeGreaterThan(20);
    for (const f of recorded) {
      const acks: Record<string, string> = Object.assign(
        {},
        ...f.scope.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>),
      );
      const text = acks[qualifiedRuleId(f.ruleId)];
      expect({ finding: `${f.ruleId} on ${f.path}`, ack: text === undefined ? undefined : parseAcknowledgementReason(text) }).toEqual({
        finding: `${f.ruleId} on ${f.path}`,
        ack: { reason: f.reason, approvedBy: DESIGN_REVIEW.approvedBy, expires: DESIGN_REVIEW.expires },
      });
    }
  });

  test('granular rule ids with references are rendered as the packs report them', () => {
    const ids = designFindingsOf(stack).map((f) => f.ruleId);
    expect(ids).toContainEqual(expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<AuditArchiveBucket[0-9A-F]{8}\.Arn>\/fhir-audit\/\*\]$/));
    expect(ids.filter((id) => id.includes('${Token'))).toEqual([]);
  });

  test('no construct acknowledges its own findings: outside TrustStack, the packs report them', () => {
    // GIVEN a TrustNetwork in a plain stack, with no applyDesignFindings
    const s = new Stack(new App(), 'Plain', { env: { region: 'eu-west-2' } });
    const network = new TrustNetwork(s, 'Network', {});
    // THEN it records its findings but carries no acknowledgement, and the packs report the findings
    expect(designFindingsOf(network).length).toBeGreaterThan(0);
    // (CDK's own CloudFormation schema validation acknowledges a few of its quirks; no pack finding is acknowledged.)
    const packAcks = s.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data as object)))
      .filter((id) => !id.startsWith('CloudFormation-Validate::'));
    expect(packAcks).toEqual([]);
    const open = unacknowledgedFindings(s, [new HIPAASecurityChecks()]).map((f) => f.ruleId);
    expect(open).toContain('HIPAA.Security-VPCNoUnrestrictedRouteToIGW');
  });
});
