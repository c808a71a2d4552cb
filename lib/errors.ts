/**
 * An error the user caused and can fix (bad config, bad template, missing credentials).
 *
 * The CLI prints only its message (never a stack trace) and exits with `exitCode`.
 */
export class UserError extends Error {
  /** Process exit code for this failure: 2 for bad input, 1 for a failed check. */
  public readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/**
 * Whether `e` is an error the user caused and can fix: a UserError, or a construct's
 * ConstructPropsError (bad props), also across module copies, by name and shape.
 */
export function isUserError(e: unknown): e is UserError {
  return (
    e instanceof UserError ||
    (e instanceof Error && (e.name === 'UserError' || e.name === 'ConstructPropsError') && typeof (e as UserError).exitCode === 'number')
  );
}
