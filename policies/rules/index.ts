import type { NhsRule } from '../rule';
import KMSKeyRotationEnabled from './kms/KMSKeyRotationEnabled';

/**
 * Every rule in the NHS pack, in report order. Adding or dropping a rule here is a visible
 * change: test/policies/nhs-trust-checks.test.ts pins this list.
 */
export const NHS_RULES: readonly NhsRule[] = [
  // kms
  KMSKeyRotationEnabled,
];
