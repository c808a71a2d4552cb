import * as path from 'path';
import type { Command } from 'commander';
import { ASSUMPTIONS, parseAssumeFlags, readAssumptionsFile, resolveAssumptions } from '../../cost/assumptions';
import { readCostStacks } from '../../cost/assembly';
import { estimateStack } from '../../cost/estimate';
import { loadPriceTable } from '../../cost/prices';
import { renderJson, renderText } from '../../cost/render';
import { looksLikeTrust, selectTrusts, synthesiseTrusts } from '../../cost/synth';
import { UserError } from '../../errors';
import type { CliIo } from '../program';

interface CostOptions {
  readonly format: string;
  readonly assume: string[];
  readonly assumptions?: string;
  readonly trustsDir: string;
  readonly detail?: boolean;
  readonly listAssumptions?: boolean;
}

/**
 * `rootstock cost <cdk.out | template | trust>`: the monthly cost estimate of each trust stack,
 * per building block and in total, from the vendored London price table and stated usage
 * assumptions. A trust (ODS code or config file) is synthesised in-process first.
 *
 * Exit 0 with the estimate; 2 for bad input (missing or non-assembly path, unknown trust, bad assumption).
 */
export function registerCost(program: Command, io: CliIo): void {
  program
    .command('cost')
    .description('Estimate the monthly AWS cost of a trust stack per building block: from a cdk.out folder, a template, or a trust (ODS code or config file, synthesised first).')
    .argument('[target]', 'a cdk.out folder, a template file, a trust config file, or an ODS code from the trusts folder')
    .option('--format <format>', 'text or json', 'text')
    .option('--assume <key=value>', 'override one usage assumption (repeatable), e.g. fhir.requestsPerMonth=2000000', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--assumptions <file>', 'a YAML or JSON file of assumption overrides (flags win over the file)')
    .option('--trusts-dir <dir>', 'where ODS codes are looked up', 'trusts')
    .option('--detail', 'list every priced line (quantity x unit price) under its block')
    .option('--list-assumptions', 'print every assumption key with its default and exit')
    .action((target: string | undefined, opts: CostOptions) => {
      if (opts.listAssumptions) {
        io.out(`${ASSUMPTIONS.map((a) => `${a.key} = ${a.value} ${a.unit}: ${a.description}`).join('\n')}\n`);
        return;
      }
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format must be text or json; got '${opts.format}'.`);
      if (!target) throw new UserError('rootstock cost needs a target: a cdk.out folder, a template file, a trust config file (trusts/example.yaml) or an ODS code (RXX).');
      const assumptions = resolveAssumptions(opts.assumptions ? readAssumptionsFile(opts.assumptions) : {}, parseAssumeFlags(opts.assume));
      const stacks = looksLikeTrust(target) ? synthesiseTrusts(selectTrusts(target, path.resolve(opts.trustsDir))) : readCostStacks(target);
      const prices = loadPriceTable();
      const estimates = stacks.map((s) => estimateStack(s, assumptions, prices));
      const today = new Date();
      io.out(opts.format === 'json' ? renderJson(estimates, assumptions, prices, today) : renderText(estimates, assumptions, prices, today, opts.detail));
    });
}
