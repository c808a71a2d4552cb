import type { AuditEvent } from '../../../../constructs/fhir/runtime/audit-event';
import { ACT_REASON_SYSTEM, EMERGENCY_ACCESS_HEADER, type EmergencyAccess } from '../../../../constructs/fhir/runtime/emergency-access';
import type { ResourceGrants } from '../../../../constructs/fhir/runtime/role-policy';

/**
 * The emergency access configuration the gateway's emergency tests run with: R8000 (clinical
 * practitioner) may declare ETREAT or BTG for Conditions, Encounters and allergies within 30
 * minutes of signing in, beside the example trust's role policy.
 */
export const EMERGENCY_GRANT: ResourceGrants = { Condition: ['read', 'search-type'], Encounter: ['read', 'search-type'], AllergyIntolerance: ['read', 'search-type'] };
export const EMERGENCY: EmergencyAccess = { roles: ['R8000'], grant: EMERGENCY_GRANT, windowMinutes: 30, reasonCodes: ['ETREAT', 'BTG'] };

/** A reason a clinician would give. */
export const REASON = 'Unconscious patient in ED, no history available';

/** The header declaring an emergency (BTG with {@link REASON} unless given). */
export const declare = (value = `BTG; ${REASON}`) => ({ [EMERGENCY_ACCESS_HEADER]: value });

/** Now, in seconds (as `auth_time` counts). */
export const now = () => Math.floor(Date.now() / 1000);

/** The declared purpose an AuditEvent records: the ActReason code (if any) and the text. */
export function purposeOf(event: AuditEvent): { code?: string; text?: string } | undefined {
  const p = event.purposeOfEvent?.[0];
  if (!p) return undefined;
  const coding = p.coding?.find((c) => c.system === ACT_REASON_SYSTEM);
  return { ...(coding ? { code: coding.code } : {}), text: p.text };
}
