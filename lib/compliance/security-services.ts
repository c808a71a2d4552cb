/** What a security service contributes, so the evidence can show what turning it off leaves unserved. */
export interface SecurityServiceRole {
  /** The config key: guardDuty, securityHub, config. */
  readonly service: string;
  readonly label: string;
  /** The controls it serves, each with why. */
  readonly serves: Readonly<Record<string, string>>;
}

/**
 * The controls each security service of the trust stack serves. A service turned off (run
 * centrally, with a reason) appears in the evidence against each of these, with its reason.
 */
export const SECURITY_SERVICE_ROLES: readonly SecurityServiceRole[] = [
  {
    service: 'guardDuty',
    label: 'Amazon GuardDuty',
    serves: {
      'C1.a': 'threat detection over CloudTrail, VPC flow and DNS logs is part of the monitoring coverage',
      'C1.c': 'its findings are the alerts routed to the alarm topic and the SIEM',
      'C2.a': 'it looks for abnormal behaviour that signals an attack',
      'NCSC-5': 'protective monitoring is part of operational security',
      'NCSC-13': 'its findings are audit information and alerting for the trust',
    },
  },
  {
    service: 'securityHub',
    label: 'AWS Security Hub',
    serves: {
      'B4.b': 'the FSBP and CIS standards check the account configuration continuously',
      'B4.d': 'it gathers vulnerability findings from the account',
      'C1.c': 'its high and critical findings are routed as alerts',
      'NCSC-5': 'configuration and vulnerability management are part of operational security',
    },
  },
  {
    service: 'config',
    label: 'AWS Config',
    serves: {
      'A3.a': 'the recorder is the inventory of the account resources',
      'B4.b': 'configuration history shows the settings held over time',
      'C1.a': 'configuration changes are recorded to the archive',
      'NCSC-5': 'change and configuration management are part of operational security',
    },
  },
];

/** The role of a service by config key (undefined for a service Rootstock does not know). */
export function securityServiceRole(service: string): SecurityServiceRole | undefined {
  return SECURITY_SERVICE_ROLES.find((r) => r.service === service);
}
