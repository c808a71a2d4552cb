#!/usr/bin/env node
// The reference CDK app (cdk.json): one TrustStack per trusts/*.yaml, checked by the packs.
import { App } from 'aws-cdk-lib';
import { buildRootstockApp } from '../lib/app';
import { isUserError } from '../lib/errors';

const app = new App();
try {
  buildRootstockApp(app);
} catch (e) {
  if (!isUserError(e)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(e.exitCode);
}
app.synth();
