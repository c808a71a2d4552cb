import { App, type Stack } from 'aws-cdk-lib';
import { FleetReadOnlyRole } from '../../constructs/fleet';
import { addCompliancePacks } from '../app';
import { recordComplianceState, registeredPacks } from './compliance-record';

/** How the central account reaches a trust account: from the fleet file. */
export interface FleetAccess {
  /** The central (pipeline) account. */
  readonly fleetAccount: string;
  /** The external id fleet-status passes. */
  readonly externalId?: string;
  /** The organisation the central account belongs to. */
  readonly organizationId?: string;
  /** The role name. @default 'RootstockFleetReadOnly' */
  readonly roleName?: string;
}

/** The packs the fleet pipeline's Synth step runs over every trust (the reference app's registry). */
export function fleetCheckedPacks(): string[] {
  const app = new App({ autoSynth: false });
  addCompliancePacks(app);
  return registeredPacks(app);
}

/**
 * Gives a trust stack what the fleet needs to report on it: the read-only role (construct id
 * `FleetReadOnly`) and the compliance record output. Adds resources and an output only: no existing
 * logical id changes.
 */
export function addFleetAccess(stack: Stack, access: FleetAccess, packs: readonly string[] = fleetCheckedPacks()): FleetReadOnlyRole {
  recordComplianceState(stack, { packs });
  return new FleetReadOnlyRole(stack, 'FleetReadOnly', access);
}
