import { STSClient } from '@aws-sdk/client-sts';
import { quietSdkNodeVersionWarning } from './sdk-warnings';

/** The AWS region a deploy from this shell would use, and where it came from. */
export interface ResolvedRegion {
  /** The region, or undefined when none is configured. */
  readonly region?: string;
  /** Where the region came from, for messages: `AWS_REGION`, `profile dev`, or `nowhere`. */
  readonly source: string;
}

/**
 * Resolves the region the way the AWS CLI and CDK CLI do: `AWS_REGION`, then `AWS_DEFAULT_REGION`,
 * then the profile's `region` in the shared config file (read by the SDK's own loader).
 */
export async function resolveAwsRegion(options: { profile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ResolvedRegion> {
  const env = options.env ?? process.env;
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const profile = options.profile ?? env.AWS_PROFILE ?? 'default';
  try {
    // The SDK's region chain (env, then shared config file for the profile); it throws when none is set.
    quietSdkNodeVersionWarning();
    const region = await new STSClient({ profile }).config.region();
    if (region) return { region, source: `profile ${profile}` };
  } catch {
    // No region anywhere: reported by the caller with the fix.
  }
  return { source: 'nowhere' };
}
