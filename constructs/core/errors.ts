/** One thing wrong with a construct's props: the prop (dotted path) and what is wrong, with the value and the fix. */
export interface PropsProblem {
  /** The prop, as a dotted path below the props object: `rolePolicy`, `tokenIssuer.issuer`, `cis2.clientId`. */
  readonly field: string;
  /** What is wrong, the value received and the fix: `must be an https URL, got 'http://x'`. */
  readonly message: string;
}

/**
 * A construct was given props it cannot build safely.
 *
 * Thrown from constructors before any resource is defined, listing every problem at once. It is a
 * user error: the reference app and the CLI print its message (never a stack trace) and exit with
 * `exitCode` 2. In the config-driven path the same problem functions run inside the trust schema
 * first, so a config file reaches synth only when the constructs accept it.
 */
export class ConstructPropsError extends Error {
  /** Process exit code for this failure: 2, bad input. */
  public readonly exitCode = 2;
  /** Every problem found. */
  public readonly problems: readonly PropsProblem[];

  constructor(construct: string, problems: readonly PropsProblem[]) {
    super(`${construct}: ${problems.map((p) => `'${p.field}' ${p.message}`).join('; ')}.`.replace(/\.\.$/, '.'));
    this.name = 'ConstructPropsError';
    this.problems = problems;
  }
}

/**
 * Throws a {@link ConstructPropsError} naming `construct` (class and construct path) when
 * `problems` is not empty.
 */
export function throwIfProblems(construct: string, problems: readonly PropsProblem[]): void {
  if (problems.length > 0) throw new ConstructPropsError(construct, problems);
}
