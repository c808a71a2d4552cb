/**
 * Telling secrets from names, and describing them without their value.
 *
 * A SIEM token pasted where a secret's name belongs would land in the template (and in CI logs
 * through any error message that echoes it). Checks call {@link secretKind} to refuse such a
 * value and {@link describeSecret} to say what was found: its kind and length, never the value.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Names of settings whose value is a secret by their name alone. */
export const SECRET_SETTING_NAME = /(token|secret|password|passwd|passphrase|api[-_]?key|access[-_]?key|private[-_]?key|shared[-_]?key|credential|auth)/i;

/**
 * What kind of secret `value` looks like (`'a GUID'`, `'a JWT'`, `'a URL with credentials'`,
 * `'a URL with a token in its query string'`, `'a long opaque key'`), or undefined for a value that
 * reads like a name or an ordinary URL.
 */
export function secretKind(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (GUID.test(v)) return 'a GUID';
  if (JWT.test(v)) return 'a JWT';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(v)) return 'a URL with credentials';
  const query = /^[a-z][a-z0-9+.-]*:\/\/[^?#\s]*\?([^#\s]*)/i.exec(v)?.[1];
  if (query !== undefined) {
    const params = new URLSearchParams(query);
    if ([...params.entries()].some(([k, p]) => SECRET_SETTING_NAME.test(k) || secretKind(p) !== undefined)) return 'a URL with a token in its query string';
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return undefined;
  // A long opaque run of mixed letters and digits (API keys, base64) rather than the short words of a name.
  if (v.split(/[-_/.:\s]/).some((segment) => segment.length >= 20 && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment))) return 'a long opaque key';
  return undefined;
}

/** `value` described without its content: `a JWT (312 characters, redacted)`. */
export function describeSecret(value: string, kind = secretKind(value) ?? 'a secret value'): string {
  return `${kind} (${value.length} characters, redacted)`;
}

/** The advice every secret refusal ends with. */
export const KEEP_SECRETS_IN_SECRETS_MANAGER =
  'Never put a secret in the trust config or the template: store the token or key in AWS Secrets Manager and give the name or ARN of that secret as secretName';
