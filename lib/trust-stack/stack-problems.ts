import type { TrustConfig } from '../config/schema';
import type { ConfigProblem } from './settings';

/** The longest trust name: it goes into the stack description, which CloudFormation caps at 1024 bytes. */
export const TRUST_NAME_MAX_LENGTH = 200;

/** What TrustStack itself rejects in a trust config (the building blocks judge their own sections). */
export function trustStackConfigProblems(config: Pick<TrustConfig, 'name'>): ConfigProblem[] {
  const name = config.name;
  if (name.length > TRUST_NAME_MAX_LENGTH) {
    return [{ path: ['name'], message: `must be at most ${TRUST_NAME_MAX_LENGTH} characters (it is part of the stack description, which CloudFormation caps at 1024 bytes); got ${name.length} characters. Use the trust's registered name, like Example NHS Foundation Trust` }];
  }
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return [{ path: ['name'], message: 'must be one line of text without control characters (tabs, line breaks); got a name containing one' }];
  return [];
}

