import { DISABLED_SECURITY_SERVICE_METADATA, SECURITY_SERVICES, SECURITY_SERVICES_TEMPLATE_METADATA } from '../../constructs/security/security-services';
import type { AssemblyStack } from './cloud-assembly';
import { isJsonObject } from './files';

/** A security service (GuardDuty, Security Hub, AWS Config) turned off in a stack, and why. */
export interface DisabledSecurityService {
  /** `guardDuty`, `securityHub` or `config`. */
  readonly service: string;
  /** The reason given in the trust config. */
  readonly reason: string;
  /** Where the stack records it: the template's Metadata, or construct metadata in the manifest. */
  readonly recordedIn: 'template metadata' | 'construct metadata';
}

/**
 * The security services a stack turned off, with their reasons, from the template's
 * `Metadata.RootstockSecurityServices` (and the `rootstock:disabled-security-service` construct
 * metadata, for stacks whose template lacks it). Empty for stacks without SecurityServices.
 */
export function disabledSecurityServices(stack: Pick<AssemblyStack, 'template' | 'metadata'>): DisabledSecurityService[] {
  const out = new Map<string, DisabledSecurityService>();
  const states = stack.template.Metadata?.[SECURITY_SERVICES_TEMPLATE_METADATA];
  if (isJsonObject(states)) {
    for (const [service, state] of Object.entries(states)) {
      if (isJsonObject(state) && state.enabled === false) out.set(service, { service, reason: String(state.reason ?? ''), recordedIn: 'template metadata' });
    }
  }
  for (const { data } of stack.metadata.entriesOfType(DISABLED_SECURITY_SERVICE_METADATA)) {
    if (isJsonObject(data) && typeof data.service === 'string' && !out.has(data.service)) {
      out.set(data.service, { service: data.service, reason: String(data.reason ?? ''), recordedIn: 'construct metadata' });
    }
  }
  const order = (s: string) => ((SECURITY_SERVICES as readonly string[]).indexOf(s) + 1 || 99);
  return [...out.values()].sort((a, b) => order(a.service) - order(b.service));
}
