import type { Hazard } from '../core/hazards';

/** Clinical hazards of the fleet's read-only role in a trust account (FleetReadOnlyRole). */
export const FLEET_READ_ONLY_ROLE_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-FLEET-001',
    title: 'The central team\'s access into a trust account is used to read patient data',
    cause: 'The central fleet account is compromised, or the role is assumed by someone who should not, and used beyond status reporting.',
    effect: 'Patient records or audit trails of a trust are read from outside the trust, without a clinical relationship and without the trust knowing.',
    harm: 'Breach of confidentiality of patient records across many trusts at once.',
    initialRisk: { severity: 4, likelihood: 2 },
    controls: [
      {
        description: 'Only the fleet account can assume the role, and only with the agreed external id or organisation.',
        implementedBy: 'FleetReadOnlyRole',
        evidence: { file: 'test/constructs/fleet/fleet-read-only-role.test.ts', test: 'FleetReadOnlyRole: what the central account may do in a trust account is trusted by the fleet account alone, and only with the external id' },
      },
      {
        description: 'The role reads configuration of the stack\'s services only; data reads (objects, log events, secrets, FHIR, decryption) are denied explicitly.',
        implementedBy: 'FleetReadOnlyRole',
        evidence: { file: 'test/constructs/fleet/fleet-read-only-role.test.ts', test: 'FleetReadOnlyRole: what the central account may do in a trust account reads configuration of the services in the stack only, and never data' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: ['Agree the external id with the central team and keep it out of public repositories.'],
  },
];
