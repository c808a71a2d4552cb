import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildRootstockApp } from '../../../lib/app';

let cached: string[] | undefined;

/** Every CloudFormation resource type in the synthesised templates of the reference trusts (`trusts/`), sorted. */
export function trustResourceTypes(): string[] {
  if (cached) return cached;
  const app = new App({ context: { trust: 'all' } });
  const stacks = buildRootstockApp(app, { trustsDir: path.join(__dirname, '..', '..', '..', 'trusts'), checks: false });
  const assembly = app.synth({ validateOnSynthesis: false });
  const types = new Set<string>();
  for (const stack of stacks) {
    const template = assembly.getStackArtifact(stack.artifactId).template as { Resources?: Record<string, { Type: string }> };
    for (const r of Object.values(template.Resources ?? {})) types.add(r.Type);
  }
  cached = [...types].sort();
  return cached;
}
