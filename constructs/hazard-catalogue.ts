import { Aspects, AspectPriority, Stack, Stage, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { TrustBackup } from './backup/trust-backup';
import { TRUST_BACKUP_HAZARDS } from './backup/hazards';
import { Hazards, type Hazard } from './core/hazards';
import { AuditedFhirStore } from './fhir/audited-fhir-store';
import { AUDITED_FHIR_STORE_HAZARDS, auditedFhirStoreHazards } from './fhir/hazards';
import { FleetReadOnlyRole } from './fleet/fleet-read-only-role';
import { FLEET_READ_ONLY_ROLE_HAZARDS } from './fleet/hazards';
import { TrustIdentity } from './identity/trust-identity';
import { TRUST_IDENTITY_HAZARDS } from './identity/hazards';
import { KeyRing } from './keys/key-ring';
import { KEY_RING_HAZARDS } from './keys/hazards';
import { AuditLogArchive } from './logging/audit-log-archive';
import { CentralArchive } from './logging/central-archive';
import { LogArchiveStack } from './logging/log-archive-stack';
import { SecurityAlarms } from './logging/security-alarms';
import { SiemForwarder } from './logging/siem-forwarder';
import { TrustTrail } from './logging/trust-trail';
import {
  AUDIT_LOG_ARCHIVE_HAZARDS, CENTRAL_ARCHIVE_HAZARDS, LOG_ARCHIVE_STACK_HAZARDS, SECURITY_ALARMS_HAZARDS, SIEM_FORWARDER_HAZARDS, TRUST_TRAIL_HAZARDS,
} from './logging/hazards';
import { TrustNetwork } from './network/trust-network';
import { TRUST_NETWORK_HAZARDS } from './network/hazards';
import { SecurityServices } from './security/security-services';
import { SECURITY_SERVICES_HAZARDS } from './security/hazards';

/** A building block class and the hazards it declares (in its area's `hazards.ts`). */
export interface HazardCatalogueEntry {
  // Constructs take different props; only the class identity matters here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly building: abstract new (...args: any[]) => IConstruct;
  /** Every hazard the building block can declare, whatever its configuration. */
  readonly hazards: readonly Hazard[];
  /**
   * The hazards (and controls) of one instance as configured, when that depends on its props.
   *
   * @default - every hazard in `hazards`
   */
  readonly configured?: (construct: IConstruct) => readonly Hazard[];
}

/**
 * Every building block and its clinical hazards (DCB0129). A construct whose class is here
 * records its hazards in the cloud assembly when a stack applies `recordHazards`; the test in
 * test/constructs/hazard-catalogue.test.ts fails when a building block appears in a trust stack
 * without an entry, or when an entry names a control or test that does not exist.
 */
export const HAZARD_CATALOGUE: readonly HazardCatalogueEntry[] = [
  { building: KeyRing, hazards: KEY_RING_HAZARDS },
  { building: AuditLogArchive, hazards: AUDIT_LOG_ARCHIVE_HAZARDS },
  { building: TrustTrail, hazards: TRUST_TRAIL_HAZARDS },
  { building: SecurityAlarms, hazards: SECURITY_ALARMS_HAZARDS },
  { building: SiemForwarder, hazards: SIEM_FORWARDER_HAZARDS },
  { building: TrustNetwork, hazards: TRUST_NETWORK_HAZARDS },
  { building: TrustBackup, hazards: TRUST_BACKUP_HAZARDS },
  { building: SecurityServices, hazards: SECURITY_SERVICES_HAZARDS },
  { building: TrustIdentity, hazards: TRUST_IDENTITY_HAZARDS },
  {
    building: AuditedFhirStore,
    hazards: AUDITED_FHIR_STORE_HAZARDS,
    configured: (c) => auditedFhirStoreHazards({ emergencyAccess: (c as AuditedFhirStore).emergencyAccess !== undefined }),
  },
  { building: FleetReadOnlyRole, hazards: FLEET_READ_ONLY_ROLE_HAZARDS },
  { building: LogArchiveStack, hazards: LOG_ARCHIVE_STACK_HAZARDS },
  { building: CentralArchive, hazards: CENTRAL_ARCHIVE_HAZARDS },
];

/** Every hazard in the catalogue, by id. */
export function hazardsById(): ReadonlyMap<string, Hazard> {
  return new Map(HAZARD_CATALOGUE.flatMap((e) => e.hazards.map((h) => [h.id, h] as const)));
}

/** The catalogue's hazards for `construct` as configured, when its class is a catalogued building block. */
export function hazardsOf(construct: IConstruct): readonly Hazard[] | undefined {
  const entry = HAZARD_CATALOGUE.find((e) => construct instanceof e.building);
  return entry && (entry.configured?.(construct) ?? entry.hazards);
}

/**
 * Records the hazards of every catalogued building block under `root` into the cloud assembly
 * (construct metadata `rootstock:hazards`), now and for building blocks added later, so the
 * hazard log (`rootstock hazard-log <cdk.out>`) is exactly what was deployed.
 */
export function recordHazards(root: IConstruct): void {
  const record = (c: IConstruct) => {
    const hazards = hazardsOf(c);
    if (hazards) Hazards.of(c).record(hazards);
  };
  for (const c of root.node.findAll()) record(c);
  const aspect: IAspect = { visit: record };
  Aspects.of(root).add(aspect, { priority: AspectPriority.READONLY });
}

/**
 * The constructs under `root` that are building blocks (instances of `classes`, e.g. every
 * construct class the package exports) with no hazards of their own or of a building block they
 * are part of: each one is a construct added to a stack without a hazard entry.
 */
export function buildingBlocksWithoutHazards(root: IConstruct, classes: ReadonlyArray<abstract new (...args: never[]) => IConstruct>): IConstruct[] {
  const covered = (c: IConstruct): boolean => c.node.scopes.some((s) => hazardsOf(s) !== undefined);
  // Stacks and stages compose building blocks; they are not building blocks themselves (unless catalogued).
  const composition = (c: IConstruct) => (Stack.isStack(c) || Stage.isStage(c)) && hazardsOf(c) === undefined;
  return root.node.findAll().filter((c) => classes.some((k) => c instanceof k) && !composition(c) && !covered(c));
}
