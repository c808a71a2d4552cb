/**
 * A construct was given props it cannot build safely.
 *
 * Thrown from constructors before any resource is defined. The message names the prop, the
 * value received and the fix, so it can be shown to a platform engineer as it is.
 */
export class ConstructPropsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConstructPropsError';
  }
}
