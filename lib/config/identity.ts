import { isHttpsUrl } from '../../constructs/core/checks';
import { z } from 'zod';
import {
  CIS2_AAL_VALUES,
  CIS2_ENVIRONMENTS,
  DEFAULT_REQUIRED_AAL,
  DEFAULT_VECTOR_OF_TRUST,
  NHS_LOGIN_ENVIRONMENTS,
  NHS_LOGIN_VECTORS,
} from '../../constructs/identity/providers';

/**
 * The `identity:` section of a trust config: Cognito federated with NHS CIS2 and NHS login
 * (see constructs/identity/TrustIdentity).
 */

const HttpsUrl = z.string().refine(isHttpsUrl, { message: 'must be an https URL, like https://app.example.nhs.uk/callback (tokens must never travel in clear)' });

const ClientId = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, { message: 'must be the client id the provider registered for this trust (1 to 255 visible characters)' });

export const Cis2ConfigSchema = z
  .strictObject({
    environment: z.enum(CIS2_ENVIRONMENTS, { message: `must be one of ${CIS2_ENVIRONMENTS.join(', ')}` })
      .meta({ description: 'The CIS2 environment: int or production. Sets the issuer; endpoints come from discovery.' }),
    clientId: ClientId.meta({ description: 'The CIS2 client id registered by NHS England.' }),
    requiredAal: z.enum(CIS2_AAL_VALUES, { message: `must be one of ${CIS2_AAL_VALUES.join(', ')}` }).default(DEFAULT_REQUIRED_AAL)
      .meta({ description: `The assurance every staff sign-in must reach (acr_values; checked on acr). Default ${DEFAULT_REQUIRED_AAL}.` }),
    promptLogin: z.boolean().default(false).meta({ description: 'Force re-authentication at CIS2 on every sign-in (prompt=login). Default false.' }),
  })
  .meta({ description: 'Federation with NHS CIS2 (staff).' });

export const NhsLoginConfigSchema = z
  .strictObject({
    environment: z.enum(NHS_LOGIN_ENVIRONMENTS, { message: `must be one of ${NHS_LOGIN_ENVIRONMENTS.join(', ')}` })
      .meta({ description: 'The NHS login environment: sandpit, integration or production.' }),
    clientId: ClientId.meta({ description: 'The NHS login client id.' }),
    vectorOfTrust: z.enum(NHS_LOGIN_VECTORS, { message: `must be one of ${NHS_LOGIN_VECTORS.join(', ')}` }).default(DEFAULT_VECTOR_OF_TRUST)
      .meta({ description: `The vector of trust every citizen sign-in must reach (vtr; checked on vot). Default ${DEFAULT_VECTOR_OF_TRUST}.` }),
    promptLogin: z.boolean().default(false).meta({ description: 'Force re-authentication at NHS login on every sign-in (prompt=login). Default false.' }),
  })
  .meta({ description: 'Federation with NHS login (citizens). Optional.' });

export const IdentityConfigSchema = z
  .strictObject({
    domainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen' })
      .refine((p) => !/aws|amazon|cognito/.test(p), { message: 'must not contain aws, amazon or cognito (Cognito refuses them)' })
      .optional()
      .meta({ description: 'The Cognito hosted domain prefix. Default <odscode>-<environment>-identity (lowercase).' }),
    callbackUrls: z.array(HttpsUrl).min(1, { message: 'must list at least one https URL where users return after sign-in' })
      .meta({ description: 'Where users return after sign-in: https URLs only.' }),
    logoutUrls: z.array(HttpsUrl).optional().meta({ description: 'Where users go after sign-out: https URLs only. Default the callback URLs.' }),
    cis2: Cis2ConfigSchema.optional(),
    nhsLogin: NhsLoginConfigSchema.optional(),
    signingKeyVersions: z
      .array(z.string().regex(/^[A-Za-z0-9]{1,16}$/, { message: 'must be 1 to 16 letters or digits' }))
      .min(1, { message: 'must name at least one key generation (the last one signs)' })
      .max(3, { message: 'must name at most 3 generations: retire old keys by removing them' })
      .refine((v) => new Set(v).size === v.length, { message: 'must not repeat a generation' })
      .default(['1'])
      .meta({ description: 'Client-assertion signing key generations, oldest first; the last signs, all are published. Append to rotate, remove to retire. Default ["1"].' }),
  })
  .superRefine((cfg, ctx) => {
    if (!cfg.cis2 && !cfg.nhsLogin) {
      ctx.addIssue({ code: 'custom', path: ['cis2'], message: 'is required unless nhsLogin is set: identity needs at least one provider (cis2 for staff, nhsLogin for citizens)' });
    }
  })
  .meta({ description: 'Sign-in: a Cognito user pool federated with NHS CIS2 (staff) and optionally NHS login (citizens). Optional.' });

/** The validated `identity:` section, defaults applied. */
export type IdentityConfig = z.output<typeof IdentityConfigSchema>;
