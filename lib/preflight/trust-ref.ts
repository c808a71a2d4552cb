import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadTrustDir, loadTrustFile, type LoadedTrust } from '../config/loader';

/**
 * Finds one trust config from what a user typed: a file path, an ODS code, `<ODS>-<environment>`,
 * or a config file's base name in `trustsDir`.
 *
 * @throws ConfigError when nothing matches, or an ODS code matches several environments.
 */
export function resolveTrustRef(ref: string, trustsDir = 'trusts'): LoadedTrust {
  if (fs.existsSync(ref) && fs.statSync(ref).isFile()) return loadTrustFile(ref);
  if (/[\\/]/.test(ref) || /\.(ya?ml|json)$/.test(ref)) {
    throw new ConfigError(`${ref}: no such trust config file. Give an existing file, or an ODS code from ${trustsDir}/ (like RXX).`);
  }
  const trusts = loadTrustDir(trustsDir);
  const exact = trusts.filter((t) => `${t.config.odsCode}-${t.config.environment}` === ref || path.basename(t.file).replace(/\.[^.]+$/, '') === ref);
  const picked = exact.length > 0 ? exact : trusts.filter((t) => t.config.odsCode === ref);
  const known = trusts.map((t) => `${t.config.odsCode}-${t.config.environment}`).join(', ') || 'none';
  if (picked.length === 0) {
    throw new ConfigError(`No trust config in ${trustsDir}/ matches '${ref}'. Known trusts: ${known}. Use an ODS code, <ODS>-<environment>, a file name, or a path to a config file.`);
  }
  if (picked.length > 1) {
    throw new ConfigError(`'${ref}' matches several trust configs (${picked.map((t) => `${t.config.odsCode}-${t.config.environment} in ${t.file}`).join(', ')}). Name one as <ODS>-<environment>.`);
  }
  return picked[0];
}
