import type { Command } from 'commander';
import { ConfigError, listTrustFiles, loadTrustFile } from '../../config/loader';
import type { CliIo } from '../program';
import * as fs from 'fs';

/** `rootstock validate <file...>`: validates trust configs without synth. */
export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('Validate trust config files (YAML or JSON) without synthesising. A folder means every config in it.')
    .argument('[files...]', 'trust config files or folders', ['trusts'])
    .action((files: string[]) => {
      const targets = files.flatMap((f) => (fs.existsSync(f) && fs.statSync(f).isDirectory() ? listTrustFiles(f) : [f]));
      if (targets.length === 0) throw new ConfigError(`No trust config files found in ${files.join(', ')}. Add one like trusts/example.yaml.`);
      const errors: string[] = [];
      // Synth refuses two configs for the same trust environment, so validate does too.
      const seen = new Map<string, string>();
      for (const file of targets) {
        try {
          const { config } = loadTrustFile(file);
          const key = `${config.odsCode}-${config.environment}`;
          const other = seen.get(key);
          if (other) {
            errors.push(`${file}: odsCode ${config.odsCode} with environment ${config.environment} is also defined in ${other}; each trust environment must have one config file. Remove one, or change its environment.`);
            continue;
          }
          seen.set(key, file);
          io.out(`ok ${file}: ${config.odsCode} ${config.name} (${config.environment}, ${config.region}${config.account ? `, account ${config.account}` : ''})\n`);
        } catch (e) {
          if (e instanceof ConfigError) errors.push(e.message);
          else throw e;
        }
      }
      if (errors.length) throw new ConfigError(errors.join('\n'));
    });
}
