import * as path from 'path';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/core/config';

/** The AWS named profile a command will use, and where the name came from. */
export interface NamedProfile {
  /** The profile name. */
  readonly name: string;
  /** Where it came from, for messages: `--profile` or `AWS_PROFILE`. */
  readonly from: string;
}

/** The shared files the SDK reads profiles from, as a user would find them. */
export interface SharedFiles {
  /** The config file: AWS_CONFIG_FILE, else ~/.aws/config. */
  readonly config: string;
  /** The credentials file: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
  readonly credentials: string;
  /** How the files were chosen, for messages. */
  readonly description: string;
}

/** The profile chosen by `--profile`, else AWS_PROFILE; undefined when neither is set (the SDK's default chain applies). */
export function namedProfile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): NamedProfile | undefined {
  if (flag) return { name: flag, from: '--profile' };
  if (env.AWS_PROFILE) return { name: env.AWS_PROFILE, from: 'AWS_PROFILE' };
  return undefined;
}

/** The config and credentials files the SDK reads, with the same environment overrides. */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env): SharedFiles {
  const home = path.join(getHomeDir(), '.aws');
  const config = env.AWS_CONFIG_FILE || path.join(home, 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, 'credentials');
  const describe = (file: string, variable: string, fallback: string) => (env[variable] ? `${file} (from ${variable})` : `${file} (${fallback}; set ${variable} to use another file)`);
  return {
    config,
    credentials,
    description: `${describe(config, 'AWS_CONFIG_FILE', '~/.aws/config')} and ${describe(credentials, 'AWS_SHARED_CREDENTIALS_FILE', '~/.aws/credentials')}`,
  };
}

/**
 * The profiles defined in the shared config and credentials files, read by the SDK's own loader
 * (so `[profile x]` in config and `[x]` in credentials count, as they do for the SDK).
 */
export async function knownProfiles(): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  // The loader also returns sso-session and services sections, keyed `<type>.<name>`.
  const names = [...Object.keys(configFile), ...Object.keys(credentialsFile)].filter((k) => !/^(sso-session|services)\./.test(k));
  return [...new Set(names)].sort();
}
