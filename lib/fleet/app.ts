import type { App } from 'aws-cdk-lib';
import { loadFleet } from './config';
import { FleetPipelineStack } from './fleet-pipeline';

/** Builds the fleet pipeline app (`cdk synth -c fleet=<file>`) instead of the per-trust stacks. */
export function buildFleetApp(app: App, fleetFile: string): FleetPipelineStack {
  return new FleetPipelineStack(app, 'RootstockFleet', { fleet: loadFleet(fleetFile), description: `Rootstock fleet roll-out pipeline (${fleetFile})` });
}
