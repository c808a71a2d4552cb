import { refusal, type Refusal } from './refusal';
import { FHIR_INTERACTIONS, rolePolicyProblems, type FhirInteraction, type ResourceGrants, type RolePolicy } from './role-policy';

/**
 * Emergency ("break glass") access: a configured role may declare an emergency on a request,
 * which then gets a configured wider grant, always audited as emergency access.
 *
 * Plain data and pure functions shared by the construct (which validates the configuration and
 * hands it to the Lambdas as JSON) and the runtime (which enforces it).
 *
 * The window is stateless: a declaration is honoured only while the caller's sign-in is recent
 * (`auth_time` of the access token, which a token refresh does not move) and is made again on
 * every request. The gateway keeps no session, so there is nothing to steal, extend or fail
 * beyond the token itself: past the window the clinician signs in again (a deliberate act) to
 * keep declaring.
 */

/** The request header that declares an emergency: `<reason code>; <free text>`. */
export const EMERGENCY_ACCESS_HEADER = 'X-Emergency-Access';

/** The code system of the reasons (HL7 v3 ActReason, the purposeOfUse codes). */
export const ACT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/** The fixed list of emergency reasons: HL7 v3 ActReason `ETREAT` and its two specialisations. */
export const EMERGENCY_REASON_CODE_LIST = ['ETREAT', 'BTG', 'ERTREAT'] as const;

/** One emergency reason code. */
export type EmergencyReasonCode = (typeof EMERGENCY_REASON_CODE_LIST)[number];

/** The display of each emergency reason, as in the HL7 v3 ActReason code system. */
export const EMERGENCY_REASON_CODES: Readonly<Record<EmergencyReasonCode, string>> = {
  ETREAT: 'Emergency Treatment',
  BTG: 'break the glass',
  ERTREAT: 'emergency room treatment',
};

/** The shortest free text accepted: a reason a reviewer can judge, not a token gesture. */
export const EMERGENCY_TEXT_MIN_LENGTH = 10;
/** The longest free text accepted. */
export const EMERGENCY_TEXT_MAX_LENGTH = 500;

/** The window, in minutes after sign-in, when none is configured. */
export const DEFAULT_EMERGENCY_WINDOW_MINUTES = 30;
/** The shortest window that may be configured. */
export const MIN_EMERGENCY_WINDOW_MINUTES = 1;
/** The longest window that may be configured: an emergency grant is short by design. */
export const MAX_EMERGENCY_WINDOW_MINUTES = 60;

/** Interactions an emergency grant may hold: reading and recording care, never deleting records. */
export const EMERGENCY_GRANT_INTERACTIONS: readonly FhirInteraction[] = FHIR_INTERACTIONS.filter((i) => i !== 'delete');

/** Interactions an emergency grant may not hold, and why (the one place that says it). */
export const EMERGENCY_GRANT_FORBIDDEN = { delete: 'emergency access is for reading and recording care, never for deleting records' } as const;

/** The most characters the configuration may take as JSON (it travels in the functions' 4 KB environment beside the role policy). */
export const MAX_EMERGENCY_ACCESS_JSON_LENGTH = 600;

/** How a trust lets its staff declare an emergency. */
export interface EmergencyAccess {
  /** Role codes, activity codes or groups (keys of the role policy) that may declare an emergency. */
  readonly roles: readonly string[];
  /** What a declaration adds to the caller's role policy: resource type (or `*`) -> interactions. */
  readonly grant: ResourceGrants;
  /**
   * Minutes after the caller signed in (`auth_time`) during which a declaration is honoured.
   *
   * @default 30
   */
  readonly windowMinutes?: number;
  /**
   * The reasons accepted, from {@link EMERGENCY_REASON_CODES}.
   *
   * @default - every code of the fixed list
   */
  readonly reasonCodes?: readonly EmergencyReasonCode[];
}

/** A problem with an emergency access configuration: the field below `emergencyAccess` and what is wrong. */
export interface EmergencyAccessProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * What is wrong with `config` (empty when nothing is), judged against the trust's role policy:
 * every role allowed to declare must be a key of the role policy (a typo would silently leave a
 * clinician without emergency access).
 */
export function emergencyAccessProblems(config: EmergencyAccess, rolePolicy: RolePolicy): EmergencyAccessProblem[] {
  const problems: EmergencyAccessProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const size = JSON.stringify(config).length;
  if (size > MAX_EMERGENCY_ACCESS_JSON_LENGTH) add('', `is ${size} characters as JSON, more than the ${MAX_EMERGENCY_ACCESS_JSON_LENGTH} the gateway functions' 4 KB Lambda environment leaves for it: grant types with '*' and list fewer roles`);
  const roles = Array.isArray(config.roles) ? config.roles : [];
  if (roles.length === 0) add('roles', 'must list at least one role that may declare an emergency (a key of rolePolicy)');
  roles.forEach((role, i) => {
    if (!Object.prototype.hasOwnProperty.call(rolePolicy, role)) {
      add(`roles.${i}`, `must be a role of rolePolicy (${Object.keys(rolePolicy).slice(0, 8).join(', ')}), got '${String(role).slice(0, 64)}': a role with no other access still needs an entry, like ${String(role).slice(0, 64)}: { '*': [capabilities] }`);
    }
    if (roles.indexOf(role) !== i) add(`roles.${i}`, `must list each role once, got '${String(role).slice(0, 64)}' twice`);
  });
  const grant = config.grant ?? {};
  // A grant of empty lists validates as a shape but widens nothing: the clinician is refused in the emergency the trust configured for.
  if (!Object.values(grant).some((interactions) => (interactions ?? []).length > 0)) add('grant', `must grant at least one interaction, like { '*': [read, vread, search-type] }, got ${JSON.stringify(grant).slice(0, 64)}`);
  for (const p of rolePolicyProblems({ emergency: grant })) {
    if (!/has no roles|characters as JSON/.test(p)) add('grant', p.replace(/^role 'emergency'(, |: )/, ''));
  }
  for (const [type, interactions] of Object.entries(grant)) {
    if ((interactions ?? []).includes('delete')) add(`grant.${type}`, `must not grant delete (${EMERGENCY_GRANT_FORBIDDEN.delete}), got [${interactions.join(', ')}]`);
  }
  const window = config.windowMinutes !== undefined ? windowMinutesProblem(config.windowMinutes) : undefined;
  if (window) add('windowMinutes', window);
  const codes = config.reasonCodes;
  if (codes !== undefined) {
    if (codes.length === 0) add('reasonCodes', `must list at least one code, or be left out to accept all of ${EMERGENCY_REASON_CODE_LIST.join(', ')}`);
    codes.forEach((c, i) => {
      if (!EMERGENCY_REASON_CODE_LIST.includes(c)) add(`reasonCodes.${i}`, `must be one of ${EMERGENCY_REASON_CODE_LIST.join(', ')} (HL7 v3 ActReason), got '${String(c).slice(0, 32)}'`);
      else if (codes.indexOf(c) !== i) add(`reasonCodes.${i}`, `must list each code once, got '${c}' twice`);
    });
  }
  return problems;
}

/** What is wrong with a window of `minutes` (the one message, for the construct and the config schema), or undefined. */
export function windowMinutesProblem(minutes: unknown): string | undefined {
  if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= MIN_EMERGENCY_WINDOW_MINUTES && minutes <= MAX_EMERGENCY_WINDOW_MINUTES) return undefined;
  return `must be a whole number of minutes from ${MIN_EMERGENCY_WINDOW_MINUTES} to ${MAX_EMERGENCY_WINDOW_MINUTES} (how long after signing in a declaration is honoured), got ${String(minutes).slice(0, 16)}`;
}

/** An emergency as the caller declared it, as the AuditEvent records it (`purposeOfEvent`). */
export interface EmergencyClaim {
  /** The reason code, when the declaration names one of the fixed list. */
  readonly code?: EmergencyReasonCode;
  /** The caller's free text, or, for a declaration not understood, what was sent. */
  readonly text: string;
}

/** What a request says about an emergency: nothing, or a claim and, when it cannot be honoured as sent, why (400). */
export type EmergencyReading = undefined | { readonly claim: EmergencyClaim; readonly refusal?: Refusal };

type Headers = Readonly<Record<string, string | undefined>> | null | undefined;
type MultiHeaders = Readonly<Record<string, readonly string[] | undefined>> | null | undefined;

const PRINTABLE = /^[\x20-\x7e]*$/;
const printable = (s: string, max: number) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, max);

/**
 * Reads the emergency declaration of a request against the trust's configuration (undefined when
 * it has none). A declaration the gateway cannot honour as sent (the trust has no emergency
 * access; the header is repeated or malformed; the code is not on the list; no free text) comes
 * back with a 400 refusal: it is never ignored, so a request never silently falls back to normal access.
 */
export function readEmergencyDeclaration(headers: Headers, multiValueHeaders: MultiHeaders, config: EmergencyAccess | undefined): EmergencyReading {
  const name = EMERGENCY_ACCESS_HEADER.toLowerCase();
  const keys = Object.keys(headers ?? {}).filter((k) => k.toLowerCase() === name);
  const multi = Object.entries(multiValueHeaders ?? {}).filter(([k]) => k.toLowerCase() === name).flatMap(([, v]) => v ?? []);
  if (keys.length === 0 && multi.length === 0) return undefined;
  const raw = keys.length ? (headers![keys[0]] ?? '') : multi[0];
  const refuse = (claim: EmergencyClaim, reason: string): EmergencyReading => ({ claim, refusal: refusal(400, `${EMERGENCY_ACCESS_HEADER}: ${reason}`) });
  const sent: EmergencyClaim = { text: `not understood: ${EMERGENCY_ACCESS_HEADER} '${printable(raw, 200)}'` };
  if (keys.length > 1 || multi.length > 1) return refuse(sent, 'is sent more than once: declare one reason per request');
  const m = /^([^;]*);(.*)$/s.exec(raw);
  const code = (m?.[1] ?? raw).trim();
  const text = (m?.[2] ?? '').trim();
  const known = EMERGENCY_REASON_CODE_LIST.includes(code as EmergencyReasonCode);
  // The audit keeps at most the longest free text accepted, on every path (a refusal too): a header may hold kilobytes.
  const claim: EmergencyClaim = known && m && PRINTABLE.test(text) && text ? { code: code as EmergencyReasonCode, text: text.slice(0, EMERGENCY_TEXT_MAX_LENGTH) } : sent;
  if (!config) return refuse(claim, 'this trust has not configured emergency access, so the gateway does not take emergency declarations: send the request without the header');
  if (!m) return refuse(sent, `must be '<reason code>; <free text>', like 'BTG; unconscious patient in ED, no history available'`);
  const allowed: readonly EmergencyReasonCode[] = config.reasonCodes ?? EMERGENCY_REASON_CODE_LIST;
  if (!known) return refuse(sent, `'${printable(code, 16)}' is not an emergency reason: use one of ${allowed.join(', ')} (HL7 v3 ActReason)`);
  if (!allowed.includes(code as EmergencyReasonCode)) return refuse(claim, `'${code}' is not a reason this trust accepts: use one of ${allowed.join(', ')}`);
  if (!PRINTABLE.test(text)) return refuse(sent, 'the free text must be printable ASCII (letters, digits, punctuation, spaces)');
  if (text.length < EMERGENCY_TEXT_MIN_LENGTH) return refuse(claim, `needs free text of at least ${EMERGENCY_TEXT_MIN_LENGTH} characters after the code, saying why (the reviewer reads it); got ${text.length}`);
  if (text.length > EMERGENCY_TEXT_MAX_LENGTH) return refuse(claim, `the free text must be at most ${EMERGENCY_TEXT_MAX_LENGTH} characters; got ${text.length}`);
  return { claim };
}

/** The first of the caller's `roleKeys` that may declare an emergency (what the audit records it was declared as), or undefined. */
export function declaringRole(config: EmergencyAccess, roleKeys: readonly string[]): string | undefined {
  return roleKeys.find((k) => config.roles.includes(k));
}

/**
 * Why a caller holding `roleKeys` may not use an emergency declaration now (403), or undefined
 * when they may: one of their keys must be a declaring role, and their sign-in (`authTime`,
 * seconds) must be within the window of `nowSeconds`.
 */
export function emergencyRefusal(config: EmergencyAccess, roleKeys: readonly string[], authTime: number | undefined, nowSeconds: number, toleranceSeconds = 5): string | undefined {
  if (declaringRole(config, roleKeys) === undefined) return `the caller's role may not declare emergency access (roles that may: ${config.roles.join(', ')})`;
  const window = (config.windowMinutes ?? DEFAULT_EMERGENCY_WINDOW_MINUTES) * 60;
  if (authTime === undefined || !Number.isFinite(authTime)) return 'the access token has no auth_time, so the emergency window cannot be judged: sign in with an issuer that records when the user authenticated';
  if (authTime > nowSeconds + toleranceSeconds) return 'the access token says the user signed in in the future (auth_time): check the issuer clock';
  const age = nowSeconds - authTime;
  if (age > window + toleranceSeconds) {
    return `the emergency access window (${window / 60} minutes after signing in) ended ${Math.max(1, Math.round((age - window) / 60))} minutes ago: sign in again to declare an emergency`;
  }
  return undefined;
}

/** The display of a reason code. */
export function reasonDisplay(code: EmergencyReasonCode): string {
  return EMERGENCY_REASON_CODES[code];
}
