// Compliance evidence: `rootstock evidence` over a cdk.out folder.
export * from './evidence';
export * from './packs';
export * from './security-services';
export * from './render';
export * from './render-html';
export * from './write';
export * from './applicability';
