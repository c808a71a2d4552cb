import { z } from 'zod';
import type { PropsProblem } from '../../constructs/core/errors';
import { CIS2_AAL_VALUES, CIS2_ENVIRONMENTS, DEFAULT_REQUIRED_AAL, DEFAULT_VECTOR_OF_TRUST, NHS_LOGIN_ENVIRONMENTS, NHS_LOGIN_VECTORS } from '../../constructs/identity/providers';
import {
  ASSURANCE_REJECTION_ALARM,
  assuranceRejectionThresholdProblem,
  CALLBACK_URLS,
  CLIENT_ID_PATTERN,
  clientIdProblem,
  DEFAULT_SIGNING_KEY_VERSIONS,
  DOMAIN_PREFIX_PATTERN,
  domainPrefixProblem,
  httpsUrlListProblems,
  LOGOUT_URLS,
  NO_PROVIDER,
  REFRESH_TOKEN_VALIDITY_MINUTES,
  refreshTokenValidityProblem,
  RESERVED_CONCURRENCY,
  reservedConcurrencyProblem,
  SIGNING_KEY_GENERATIONS,
  SIGNING_KEY_VERSION_PATTERN,
  signingKeyVersionsProblems,
  TOKEN_VALIDITY_MINUTES,
  tokenValidityProblem,
} from '../../constructs/identity/trust-identity-problems';

/**
 * The `identity:` section of a trust config: Cognito federated with NHS CIS2 and NHS login
 * (see constructs/identity/TrustIdentity). Every limit is TrustIdentity's own (its problem
 * functions and constants), so this section and the construct judge a value the same way.
 */

/** Adds the problem a value check finds as an issue at the current field. */
function check<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

/** Adds the problems a props check finds, each at its field below the current one (the prop's own name dropped). */
function checkAll<T>(problems: (value: T) => PropsProblem[]) {
  return (value: T, ctx: z.RefinementCtx) => {
    for (const p of problems(value)) ctx.addIssue({ code: 'custom', path: p.field.split('.').slice(1), message: p.message });
  };
}

const ClientId = z.string().superRefine(check(clientIdProblem)).meta({ pattern: CLIENT_ID_PATTERN.source });

const urls = (field: string, what: string, required: boolean) =>
  z.array(z.string()).superRefine(checkAll((list: string[]) => httpsUrlListProblems(field, list, what, required)));

export const Cis2ConfigSchema = z
  .strictObject({
    environment: z.enum(CIS2_ENVIRONMENTS, { message: `must be one of ${CIS2_ENVIRONMENTS.join(', ')}` })
      .meta({ description: 'The CIS2 environment: int or production. Sets the issuer; endpoints come from discovery.' }),
    clientId: ClientId.meta({ description: 'The CIS2 client id registered by NHS England (1 to 255 visible characters).' }),
    requiredAal: z.enum(CIS2_AAL_VALUES, { message: `must be one of ${CIS2_AAL_VALUES.join(', ')}` }).default(DEFAULT_REQUIRED_AAL)
      .meta({ description: `The assurance every staff sign-in must reach (acr_values; checked on acr). Default ${DEFAULT_REQUIRED_AAL}.` }),
    promptLogin: z.boolean().default(false).meta({ description: 'Force re-authentication at CIS2 on every sign-in (prompt=login). Default false.' }),
  })
  .meta({ description: 'Federation with NHS CIS2 (staff).' });

export const NhsLoginConfigSchema = z
  .strictObject({
    environment: z.enum(NHS_LOGIN_ENVIRONMENTS, { message: `must be one of ${NHS_LOGIN_ENVIRONMENTS.join(', ')}` })
      .meta({ description: 'The NHS login environment: sandpit, integration or production.' }),
    clientId: ClientId.meta({ description: 'The NHS login client id (1 to 255 visible characters).' }),
    vectorOfTrust: z.enum(NHS_LOGIN_VECTORS, { message: `must be one of ${NHS_LOGIN_VECTORS.join(', ')}` }).default(DEFAULT_VECTOR_OF_TRUST)
      .meta({ description: `The vector of trust every citizen sign-in must reach (vtr; checked on vot). Default ${DEFAULT_VECTOR_OF_TRUST}.` }),
    promptLogin: z.boolean().default(false).meta({ description: 'Force re-authentication at NHS login on every sign-in (prompt=login). Default false.' }),
  })
  .meta({ description: 'Federation with NHS login (citizens). Optional.' });

export const IdentityConfigSchema = z
  .strictObject({
    domainPrefix: z
      .string()
      .superRefine(check(domainPrefixProblem))
      .optional()
      .meta({ pattern: DOMAIN_PREFIX_PATTERN.source, description: 'The Cognito hosted domain prefix: 1 to 63 lowercase letters, digits and hyphens, without aws, amazon or cognito. Default <odscode>-<environment>-identity (lowercase).' }),
    callbackUrls: urls('callbackUrls', CALLBACK_URLS, true).meta({ minItems: 1, description: 'Where users return after sign-in: https URLs only, at least one.' }),
    logoutUrls: urls('logoutUrls', LOGOUT_URLS, false).optional().meta({ description: 'Where users go after sign-out: https URLs only. Default the callback URLs.' }),
    cis2: Cis2ConfigSchema.optional(),
    nhsLogin: NhsLoginConfigSchema.optional(),
    signingKeyVersions: z
      .array(z.string())
      .superRefine(checkAll(signingKeyVersionsProblems))
      .default([...DEFAULT_SIGNING_KEY_VERSIONS])
      .meta({
        minItems: SIGNING_KEY_GENERATIONS.min,
        maxItems: SIGNING_KEY_GENERATIONS.max,
        items: { type: 'string', pattern: SIGNING_KEY_VERSION_PATTERN.source },
        description: 'Client-assertion signing key generations, oldest first; the last signs, all are published. Append to rotate, remove to retire. Default ["1"].',
      }),
    reservedConcurrentExecutions: z
      .number()
      .superRefine(check(reservedConcurrencyProblem))
      .optional()
      .meta({ multipleOf: 1, minimum: RESERVED_CONCURRENCY.min, maximum: RESERVED_CONCURRENCY.max, description: `Concurrency reserved for the identity proxy function, a whole number (the JWKS function gets a fifth). Default ${RESERVED_CONCURRENCY.default}.` }),
    tokenValidityMinutes: z
      .number()
      .superRefine(check(tokenValidityProblem))
      .optional()
      .meta({ minimum: TOKEN_VALIDITY_MINUTES.min, maximum: TOKEN_VALIDITY_MINUTES.max, description: `Minutes access and ID tokens are valid. Default ${TOKEN_VALIDITY_MINUTES.default}.` }),
    refreshTokenValidityMinutes: z
      .number()
      .superRefine(check(refreshTokenValidityProblem))
      .optional()
      .meta({ minimum: REFRESH_TOKEN_VALIDITY_MINUTES.min, maximum: REFRESH_TOKEN_VALIDITY_MINUTES.max, description: `Minutes refresh tokens are valid. Default ${REFRESH_TOKEN_VALIDITY_MINUTES.default} (one shift).` }),
    assuranceRejectionAlarmThreshold: z
      .number()
      .superRefine(check(assuranceRejectionThresholdProblem))
      .optional()
      .meta({ multipleOf: 1, minimum: ASSURANCE_REJECTION_ALARM.min, description: `Sign-ins refused for low assurance (acr / vot) in five minutes that raise the alarm. Default ${ASSURANCE_REJECTION_ALARM.default}.` }),
  })
  .superRefine((cfg, ctx) => {
    if (!cfg.cis2 && !cfg.nhsLogin) ctx.addIssue({ code: 'custom', path: ['cis2'], message: NO_PROVIDER });
  })
  .meta({ description: 'Sign-in: a Cognito user pool federated with NHS CIS2 (staff) and optionally NHS login (citizens). Optional.' });

/** The validated `identity:` section, defaults applied. */
export type IdentityConfig = z.output<typeof IdentityConfigSchema>;
