import type { PropsProblem } from '../../constructs/core/errors';

/** A path in a trust config, like `['fhir', 'rolePolicy']`. */
export type ConfigPath = readonly (string | number)[];

/** A problem found in a trust config by a construct's own problem function, placed at the config field it came from. */
export interface ConfigProblem {
  /** Where in the config: `['fhir', 'rolePolicy']`. */
  readonly path: ConfigPath;
  /** What is wrong, the value and the fix. */
  readonly message: string;
}

/**
 * The plain-data props a trust config gives one building block, and where each came from.
 *
 * A mapper (one per building block, in this folder) turns the validated config into these
 * settings; TrustStack adds the foundations (keys, buckets, VPC, topic) and builds the construct,
 * and the trust schema runs the construct's own problem function over the same settings. So
 * `rootstock validate` and synth judge exactly the same values.
 */
export interface MappedSettings<S> {
  /** The settings, named as the construct's props. */
  readonly settings: S;
  /** The config field each setting came from; a setting with none is reported at `section`. */
  readonly sources: { readonly [K in keyof S]?: ConfigPath };
  /** The config section of the building block, e.g. `['fhir']`. */
  readonly section: ConfigPath;
}

/** Places a construct's props problems at the config fields their settings came from. */
export function configProblems<S>(mapped: MappedSettings<S>, problems: readonly PropsProblem[]): ConfigProblem[] {
  return problems.map((p) => {
    const [head, ...rest] = p.field.split('.');
    const source = (mapped.sources as Record<string, ConfigPath | undefined>)[head];
    return { path: source ? [...source, ...rest] : [...mapped.section, ...p.field.split('.')], message: p.message };
  });
}
