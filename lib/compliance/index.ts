// Compliance evidence: `rootstock evidence` over a cdk.out folder.
export * from './evidence';
export * from './render';
export * from './write';
export * from './applicability';
