#!/usr/bin/env node
// The reference CDK app (cdk.json): one TrustStack per trusts/*.yaml, checked by the packs.
import { App } from 'aws-cdk-lib';
import { buildRootstockApp } from '../lib/app';
import { isUserError } from '../lib/errors';
import { buildFleetApp } from '../lib/fleet/app';

const app = new App();
try {
  // -c fleet=<file>: the fleet roll-out pipeline instead of the trust stacks.
  const fleetFile = app.node.tryGetContext('fleet') as string | undefined;
  if (fleetFile) buildFleetApp(app, fleetFile);
  else buildRootstockApp(app);
} catch (e) {
  if (!isUserError(e)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(e.exitCode);
}
app.synth();
