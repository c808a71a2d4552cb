import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { addCompliancePacks, buildRootstockApp } from '../../../lib/app';
import { loadTrustFile, parseTrustConfig } from '../../../lib/config/loader';
import { TrustConfigSchema } from '../../../lib/config/schema';
import { isUserError } from '../../../lib/errors';
import { TrustStack } from '../../../lib/trust-stack';
import { arbitraryFromSchema, schemaSpace, type SchemaSpace } from './zod-arbitrary';

/**
 * The config-space property: every trust config `rootstock validate` accepts synthesises with
 * all four packs and CloudFormation schema validation, with no unacknowledged finding and no
 * stack trace; every config it rejects is rejected by synth with the same message and nothing
 * written. Configs are generated from the trust schema itself (zod-arbitrary.ts); accepted ones
 * are synthesised together in one app, and a failing one is replayed alone and shrunk by
 * fast-check, printing its seed, path and the shrunk config.
 */

const repo = path.join(__dirname, '..', '..', '..');

/** Good values for fields whose schema (in files this test does not own) carries no examples. */
export const CONFIG_HINTS: Record<string, readonly unknown[]> = {
  'identity.callbackUrls': [['https://app.example.nhs.uk/callback']],
  'identity.callbackUrls[]': ['https://app.example.nhs.uk/callback', 'https://portal.example.nhs.uk/signed-in'],
  'identity.signingKeyVersions': [['1'], ['1', '2']],
  'identity.signingKeyVersions[]': ['1', '2', 'A'],
  'identity.logoutUrls[]': ['https://app.example.nhs.uk/signed-out'],
  'identity.cis2.clientId': ['example-cis2-client'],
  'identity.nhsLogin.clientId': ['example-nhs-login-client'],
  'fhir.tokenIssuer.issuer': [
    'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Example1',
    'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
  ],
  'fhir.tokenIssuer.jwksUri': ['https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare/connect/jwk_uri'],
  'fhir.tokenIssuer.audience': ['example-app'],
  'fhir.tokenIssuer.audience[]': ['example-app', 'example-portal'],
  'fhir.rolePolicy{}': ['R8000', 'R8008', 'clinicians', 'B0825'],
  'fhir.rolePolicy{}{}': ['Patient', 'Observation', 'Encounter', '*'],
  'fhir.storeLock': ['unreleased'],
  'fhir.storeLock.DatastoreName': ['rxx-prod-fhir'],
  'fhir.storeLock.DatastoreTypeVersion': ['R4'],
  'fhir.storeLock.SseConfiguration': ['CUSTOMER_MANAGED_KMS_KEY KeysDataKey8F3FE3A4.Arn'],
  'fhir.storeLock.PreloadDataConfig': ['NONE'],
  'fhir.storeLock.IdentityProviderConfiguration': ['AWS_AUTH'],
  'fhir.allowReplacement[].reason': ['Exported to the locked bucket and restored by the runbook FHIR-7'],
  'fhir.wafWebAclArn': ['arn:aws:wafv2:eu-west-2:111122223333:regional/webacl/trust-acl/1234abcd'],
  'identity.domainPrefix': ['rxx-portal'],
  'account': ['111122223333', '012345678901'],
  'odsCode': ['RXX', 'RH8', 'TAD', 'RXX01'],
  // Fields that only make sense together, so enough generated configs pass validate to synthesise.
  'region': ['eu-west-2', 'eu-west-2', 'eu-west-2', 'eu-west-1', 'eu-central-1'],
  'securityServices.guardDuty': [{ enabled: true }, { enabled: false, reason: 'Run centrally by the ICS security account 111122223333' }],
  'securityServices.securityHub': [{ enabled: true }, { enabled: false, reason: 'Aggregated centrally in the ICS audit account' }],
  'securityServices.config': [{ enabled: true }, { enabled: false, reason: 'Recorded by the organisation Config aggregator' }],
};

/** Generated trust config inputs; `junk` is the chance of an off-schema leaf (0 for the mostly valid space). */
export function trustConfigArbitrary(junk: number): fc.Arbitrary<unknown> {
  return arbitraryFromSchema(TrustConfigSchema, { junk, hints: CONFIG_HINTS });
}

/** The trust schema's optional sections and enum values, counted by the coverage report. */
export const TRUST_SPACE: SchemaSpace = schemaSpace(TrustConfigSchema);

/** What went wrong with one config, or undefined. */
export type Failure = string | undefined;

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Synthesises every input in one app (each as stack `Case<i>`) with all four packs and
 * CloudFormation schema validation on, and returns the failures by index: a construct error
 * (with its stack trace when it is not a user error) or the unacknowledged findings of that stack.
 */
export function synthAccepted(inputs: ReadonlyArray<{ index: number; input: unknown }>): Map<number, string> {
  const out = tmp('rootstock-space-');
  const failures = new Map<number, string>();
  try {
    const app = new App({ outdir: out });
    for (const { index, input } of inputs) {
      try {
        new TrustStack(app, `Case${index}`, { trust: input as never, stackName: `Case${index}` });
      } catch (e) {
        failures.set(index, isUserError(e) ? `refused by synth though validate accepted it: ${(e as Error).message}` : `stack trace: ${(e as Error).stack}`);
        // A half-built stack would fail the others' synth: take it out of the app.
        app.node.tryRemoveChild(`Case${index}`);
      }
    }
    addCompliancePacks(app);
    // CDK prints every finding as it fails the synth; the report file below is read instead.
    const print = console.error;
    console.error = () => undefined;
    try {
      app.synth();
    } catch (e) {
      if (!fs.existsSync(path.join(out, 'validation-report.json'))) {
        for (const { index } of inputs) if (!failures.has(index)) failures.set(index, `synth failed: ${(e as Error).stack}`);
      }
    } finally {
      console.error = print;
    }
    const reportFile = path.join(out, 'validation-report.json');
    if (fs.existsSync(reportFile)) {
      const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as {
        pluginReports?: Array<{
          pluginName: string;
          violations?: Array<{ ruleName: string; violatingResources?: Array<{ constructPath?: string }>; violatingConstructs?: Array<{ constructPath?: string }> }>;
        }>;
      };
      for (const plugin of report.pluginReports ?? []) {
        for (const v of plugin.violations ?? []) {
          for (const r of [...(v.violatingResources ?? []), ...(v.violatingConstructs ?? [])]) {
            const index = Number(/^Case(\d+)\//.exec(r.constructPath ?? '')?.[1] ?? -1);
            const line = `${plugin.pluginName} ${v.ruleName} on ${r.constructPath}`;
            failures.set(index, failures.has(index) ? `${failures.get(index)}\n${line}` : `unacknowledged findings:\n${line}`);
          }
        }
      }
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return failures;
}

/** For a config validate rejects: synth must reject it with the same message and write nothing. */
export function checkRejected(input: unknown): Failure {
  const dir = tmp('rootstock-rejected-');
  try {
    fs.mkdirSync(path.join(dir, 'trusts'));
    const file = path.join(dir, 'trusts', 'trust.yaml');
    fs.writeFileSync(file, stringify(input));
    const validateMessage = validateFile(file);
    if (validateMessage === undefined) return 'validate accepted the config written as a file, though it rejected it before';
    const out = path.join(dir, 'cdk.out');
    let synthMessage: string | undefined;
    try {
      buildRootstockApp(new App({ outdir: out }), { trustsDir: path.join(dir, 'trusts') });
    } catch (e) {
      if (!isUserError(e)) return `synth threw a stack trace for a config validate rejects: ${(e as Error).stack}`;
      synthMessage = (e as Error).message;
    }
    if (synthMessage === undefined) return `validate rejects it but synth accepted it:\n${validateMessage}`;
    const relative = (m: string) => m.split(path.join(dir, 'trusts', 'trust.yaml')).join('trust.yaml');
    if (relative(synthMessage) !== relative(validateMessage)) return `synth says:\n${relative(synthMessage)}\nvalidate says:\n${relative(validateMessage)}`;
    if (fs.existsSync(out) && fs.readdirSync(out).length > 0) return `synth half-wrote ${out}: ${fs.readdirSync(out).join(', ')}`;
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * For a config validate rejects, the reference app run as the CDK CLI runs it (its own process):
 * exit 2, the validate message on stderr and nothing else (no stack trace), no template written.
 */
export function checkRejectedInProcess(input: unknown): Failure {
  const dir = tmp('rootstock-rejected-app-');
  try {
    fs.mkdirSync(path.join(dir, 'trusts'));
    const file = path.join(dir, 'trusts', 'trust.yaml');
    fs.writeFileSync(file, stringify(input));
    // The app reads trusts/ from its working directory, as an absolute path.
    const expected = validateFile(fs.realpathSync(file));
    const out = path.join(dir, 'cdk.out');
    const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(repo, 'bin', 'rootstock.ts')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CDK_OUTDIR: out },
    });
    if (r.status !== 2) return `the app exited ${r.status}, not 2, for a config validate rejects:\n${r.stderr}`;
    if (r.stderr !== `${expected}\n`) return `the app printed:\n${r.stderr}\nvalidate says:\n${expected}`;
    const written = fs.existsSync(out) ? fs.readdirSync(out) : [];
    if (written.length) return `the app half-wrote ${out}: ${written.join(', ')}`;
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What `rootstock validate` says of an input written as YAML: undefined when it accepts it. */
export function validateMessage(input: unknown): string | undefined {
  try {
    parseTrustConfig(stringify(input), 'trust.yaml');
    return undefined;
  } catch (e) {
    if (!isUserError(e)) throw e;
    return (e as Error).message;
  }
}

/** What `rootstock validate <file>` says: undefined when it accepts the file. */
function validateFile(file: string): string | undefined {
  try {
    loadTrustFile(file);
    return undefined;
  } catch (e) {
    if (!isUserError(e)) throw e;
    return (e as Error).message;
  }
}

/** One config on its own: the property fast-check replays and shrinks. */
export function checkOne(input: unknown): Failure {
  if (validateMessage(input) !== undefined) return checkRejected(input);
  return synthAccepted([{ index: 0, input }]).get(0);
}

/** Which optional sections and enum values the accepted configs exercised. */
export interface Coverage {
  readonly sections: { readonly covered: number; readonly total: number; readonly missing: string[] };
  readonly enumValues: { readonly covered: number; readonly total: number; readonly missing: string[] };
}

/** Every value found at a schema path (`a.b[]`, `a.b{}{}[]`) in `value`: a list or record step fans out over its entries. */
function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const token of path.match(/[^.[\]{}]+|\[\]|\{\}/g) ?? []) {
    current = current.flatMap((v) => {
      if (v === null || typeof v !== 'object') return [];
      if (token === '[]') return Array.isArray(v) ? v : [];
      if (token === '{}') return Array.isArray(v) ? [] : Object.values(v);
      return [(v as Record<string, unknown>)[token]];
    });
  }
  return current.filter((v) => v !== undefined);
}

/**
 * Coverage of {@link TRUST_SPACE}: optional sections present in an accepted config, and enum
 * values seen in an accepted config or, for values validate never accepts (like
 * `siem.logGroups: [flowLogs]`), in a rejected one.
 */
export function coverageOf(accepted: readonly unknown[], rejected: readonly unknown[]): Coverage {
  const sections = [...TRUST_SPACE.optionalPaths].filter((p) => p !== '');
  const presentSections = sections.filter((p) => accepted.some((i) => valuesAt(i, p).length > 0));
  const pairs = [...TRUST_SPACE.enumValues].flatMap(([p, values]) => [...values].map((v) => `${p}=${v}`));
  const seenIn = (inputs: readonly unknown[]) =>
    new Set(inputs.flatMap((i) => [...TRUST_SPACE.enumValues.keys()].flatMap((p) => valuesAt(i, p).map((v) => `${p}=${String(v)}`))));
  const seen = new Set([...seenIn(accepted), ...seenIn(rejected)]);
  return {
    sections: { covered: presentSections.length, total: sections.length, missing: sections.filter((p) => !presentSections.includes(p)) },
    enumValues: { covered: pairs.filter((p) => seen.has(p)).length, total: pairs.length, missing: pairs.filter((p) => !seen.has(p)) },
  };
}

/** The example configs the library ships: always part of the space. */
export function shippedConfigs(): Array<{ file: string; input: unknown }> {
  const files = ['trusts', 'trusts/examples'].flatMap((d) =>
    fs.readdirSync(path.join(repo, d)).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => `${d}/${f}`),
  );
  return files.map((file) => ({ file, input: parseYamlFile(path.join(repo, file)) }));
}

function parseYamlFile(file: string): unknown {
  return parse(fs.readFileSync(file, 'utf8'));
}

/** A config that broke the property: what went wrong (shrunk) and the full report (seed, path, shrunk config). */
export interface SpaceFailure {
  /** What went wrong with the shrunk config. */
  readonly failure: string;
  /** The report to print: seed, replay path, failure and the shrunk config as YAML. */
  readonly report: string;
}

/** The result of a config-space run. */
export interface SpaceRun {
  readonly generated: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly failures: SpaceFailure[];
  readonly coverage: Coverage;
  readonly seconds: number;
}

/**
 * Generates `count` configs from `seed` (a share of them with off-schema leaves), checks the
 * rejected ones against synth, synthesises the accepted ones plus the shipped examples in
 * batches of `batch`, and shrinks every failure with fast-check.
 */
export function runConfigSpace(options: {
  seed: number;
  accepted: number;
  junk: number;
  batch: number;
  /** How many rejected configs are also run through the reference app's own process (about a second each). */
  appProcesses: number;
  log?: (line: string) => void;
}): SpaceRun {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const arb = fc.oneof({ arbitrary: trustConfigArbitrary(0), weight: 3 }, { arbitrary: trustConfigArbitrary(options.junk), weight: 1 });
  // Generate from the seed until `accepted` configs pass validate (generating is cheap; synth is not).
  let inputs: unknown[] = [];
  const accepted: Array<{ index: number; input: unknown }> = [];
  for (let n = options.accepted * 6; accepted.length < options.accepted; n *= 2) {
    inputs = fc.sample(arb, { seed: options.seed, numRuns: n });
    accepted.length = 0;
    for (let index = 0; index < inputs.length && accepted.length < options.accepted; index++) {
      if (validateMessage(inputs[index]) === undefined) accepted.push({ index, input: inputs[index] });
    }
  }
  const generated = accepted[accepted.length - 1].index + 1;
  const failures: SpaceFailure[] = [];
  let rejected = 0;
  for (let index = 0; index < generated; index++) {
    if (accepted.some((a) => a.index === index)) continue;
    rejected++;
    const failure = checkRejected(inputs[index]) ?? (rejected <= options.appProcesses ? checkRejectedInProcess(inputs[index]) : undefined);
    if (failure) failures.push(shrink(arb, options.seed, generated, index, inputs[index], failure));
  }
  log(`${generated} generated (seed ${options.seed}): ${accepted.length} accepted by validate, ${rejected} rejected and checked against synth (${Math.min(rejected, options.appProcesses)} through the app's own process)`);
  const shipped = shippedConfigs().map((s, i) => ({ index: generated + i, input: s.input, file: s.file }));
  const all = [...accepted, ...shipped];
  for (let start = 0; start < all.length; start += options.batch) {
    const chunk = all.slice(start, start + options.batch);
    const batchFailures = synthAccepted(chunk);
    log(`synthesised ${Math.min(start + options.batch, all.length)}/${all.length} with all four packs and CloudFormation validation`);
    for (const [index, failure] of batchFailures) {
      const shippedCase = shipped.find((s) => s.index === index);
      if (shippedCase) failures.push({ failure, report: `${shippedCase.file}: ${failure}` });
      else failures.push(shrink(arb, options.seed, generated, index, inputs[index], failure));
    }
  }
  return { generated, accepted: accepted.length, rejected, failures, coverage: coverageOf(accepted.map((a) => a.input), inputs.slice(0, generated).filter((_, i) => !accepted.some((a) => a.index === i))), seconds: (Date.now() - started) / 1000 };
}

/** Replays case `index` of the run alone and lets fast-check shrink it; the report carries the seed, the path and the shrunk config. */
function shrink(arb: fc.Arbitrary<unknown>, seed: number, count: number, index: number, original: unknown, failure: string): SpaceFailure {
  const result = fc.check(fc.property(arb, (input) => checkOne(input) === undefined), { seed, path: String(index), numRuns: count });
  const shrunk = result.failed ? result.counterexample?.[0] : original;
  const shrunkFailure = result.failed ? checkOne(shrunk) ?? failure : failure;
  const report = [
    `config ${index} of seed ${seed} (replay: fc.check(..., { seed: ${seed}, path: '${result.counterexamplePath ?? index}' })):`,
    shrunkFailure,
    'shrunk config:',
    stringify(shrunk).trimEnd(),
  ].join('\n');
  return { failure: shrunkFailure, report };
}

/** A run summarised for people: counts, coverage, time, failures. */
export function describeRun(run: SpaceRun): string {
  const c = run.coverage;
  return [
    `config space: ${run.generated} configs generated from the trust schema; ${run.accepted} accepted by validate and synthesised (with the shipped examples) with all four packs and CloudFormation validation; ${run.rejected} rejected and checked against synth.`,
    `coverage: ${c.sections.covered}/${c.sections.total} optional sections in accepted configs${c.sections.missing.length ? ` (missing ${c.sections.missing.join(', ')})` : ''}; ${c.enumValues.covered}/${c.enumValues.total} enum and literal values${c.enumValues.missing.length ? ` (missing ${c.enumValues.missing.join(', ')})` : ''}.`,
    `failures: ${run.failures.length}. Wall time ${run.seconds.toFixed(1)} s.`,
    ...run.failures.map((f) => `\nFAILED ${f.report}`),
  ].join('\n');
}
