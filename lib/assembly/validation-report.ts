import { UserError } from '../errors';
import { isJsonObject, readJsonObject } from './files';
import { recordedAcknowledgement, type RecordedAcknowledgement } from './acknowledgements';
import { normaliseConstructPath } from './metadata';

/** The file CDK writes the validation plugins' reports to, at the root of the cloud assembly. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/** A resource a validation plugin reported. */
export interface ReportedResource {
  /** Its construct path, no leading '/'. */
  readonly constructPath: string;
  /** Its logical id, when the report gives it. */
  readonly logicalId?: string;
}

/** One finding of one rule, as a plugin reported it. */
export interface ReportedViolation {
  /** The plugin that reported it: `NhsTrustChecks`, `AwsSolutions`, `cdk-validator-cfnguard`, ... */
  readonly plugin: string;
  /** The rule id as reported, suffix included: `NHS-X`, `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly ruleName: string;
  readonly description: string;
  /** 'error', 'warning', ... as the plugin gives it. */
  readonly severity: string;
  readonly resources: readonly ReportedResource[];
  /** Present for suppressed (acknowledged) findings. */
  readonly acknowledgement?: RecordedAcknowledgement;
}

/** One plugin's report. CDK leaves out a plugin that found nothing, so absence proves nothing. */
export interface PluginReport {
  readonly plugin: string;
  /** 'success' or 'failure', as CDK records it. */
  readonly conclusion?: string;
  /** The plugin's own metadata (a failure to run shows here as `error`). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Open findings. */
  readonly violations: readonly ReportedViolation[];
  /** Findings acknowledged in code, with the acknowledgement. */
  readonly suppressed: readonly ReportedViolation[];
}

/** A cloud assembly's validation-report.json. */
export interface ValidationReport {
  readonly file: string;
  readonly plugins: readonly PluginReport[];
}

function violation(plugin: string, raw: unknown, suppressed: boolean): ReportedViolation | undefined {
  if (!isJsonObject(raw) || typeof raw.ruleName !== 'string') return undefined;
  const resources = (Array.isArray(raw.violatingConstructs) ? raw.violatingConstructs : []).filter(isJsonObject).map((c) => {
    const cfn = isJsonObject(c.cloudFormationResource) ? c.cloudFormationResource : {};
    return { constructPath: normaliseConstructPath(String(c.constructPath ?? '')), logicalId: typeof cfn.logicalId === 'string' ? cfn.logicalId : undefined };
  });
  return {
    plugin,
    ruleName: raw.ruleName,
    description: String(raw.description ?? '').trim(),
    severity: String(raw.severity ?? 'error'),
    resources,
    acknowledgement: suppressed
      ? recordedAcknowledgement(String(raw.acknowledgedId ?? `${plugin}::${raw.ruleName}`), String(raw.reason ?? ''), typeof raw.acknowledgedAt === 'string' ? raw.acknowledgedAt : undefined)
      : undefined,
  };
}

/**
 * Reads a CDK validation report.
 *
 * @throws UserError (exit 2) when the file is unreadable, not JSON, or has no pluginReports list
 */
export function readValidationReport(file: string): ValidationReport {
  const fix = 'Synthesise again (npm run synth) to rewrite it.';
  const raw = readJsonObject(file, 'a CDK validation report', { fix });
  if (!Array.isArray(raw.pluginReports)) throw new UserError(`${file}: has no pluginReports list, so it is not a CDK validation report. ${fix}`);
  const plugins = raw.pluginReports.filter(isJsonObject).map((p): PluginReport => {
    const plugin = String(p.pluginName ?? '');
    const list = (v: unknown, suppressed: boolean) => (Array.isArray(v) ? v : []).map((x) => violation(plugin, x, suppressed)).filter((x): x is ReportedViolation => x !== undefined);
    return {
      plugin,
      conclusion: typeof p.conclusion === 'string' ? p.conclusion : undefined,
      metadata: isJsonObject(p.metadata) ? (Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, String(v)])) as Record<string, string>) : undefined,
      violations: list(p.violations, false),
      suppressed: list(p.suppressedViolations, true),
    };
  });
  return { file, plugins };
}
