/**
 * The stack tag keys Rootstock stamps on every trust stack and its tools read back.
 *
 * One place for the literals: the trust stack writes them, evidence and fleet-status read them,
 * and rules that judge a stack's environment (`nhs:environment`) use the same key.
 */
export const STACK_TAG_KEYS = {
  /** The Rootstock library version the stack was synthesised with. */
  version: 'rootstock:version',
  /** The trust's ODS code. */
  odsCode: 'nhs:ods-code',
  /** The trust environment: prod, test or dev. */
  environment: 'nhs:environment',
} as const;

/** One of the stack tag keys in {@link STACK_TAG_KEYS}. */
export type StackTagKey = (typeof STACK_TAG_KEYS)[keyof typeof STACK_TAG_KEYS];
