import type { Stack } from 'aws-cdk-lib';
import ResidencyRegionReferencesUk from '../../policies/rules/residency/ResidencyRegionReferencesUk';
import { acknowledge } from '../../policies/acknowledge';
import type { TrustConfig } from '../config/schema';

/** The residency finding a stack in `region` raises, exactly as the NHS pack reports it: `NHS-ResidencyRegionReferencesUk[eu-west-1]`. */
export function residencyRuleId(region: string): string {
  return `NHS-${ResidencyRegionReferencesUk.id}[${region}]`;
}

/**
 * Turns a trust's recorded data residency exception into the acknowledgement of exactly the
 * residency findings of its region, on the whole stack: the reason cites the approval record,
 * the approver and expiry are the config's, so the evidence report shows who accepted data
 * at rest outside the UK, on what record, until when. Any other region named by a resource, and
 * every other rule, stays a finding. Without an exception a non-UK region is refused by the schema.
 */
export function acknowledgeDataResidencyException(stack: Stack, config: Pick<TrustConfig, 'region' | 'dataResidencyException'>): void {
  const exception = config.dataResidencyException;
  if (!exception) return;
  acknowledge(stack, residencyRuleId(config.region), {
    reason:
      `Data at rest in ${config.region}, outside the UK, under the approved data residency exception ${exception.reference} ` +
      '(NHS offshoring guidance: the SIRO accepts the risk of data outside the UK for this trust).',
    approvedBy: exception.approvedBy,
    expires: exception.expires,
  });
}
