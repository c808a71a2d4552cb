// The one reader of cloud assemblies and templates, for check, evidence, upgrade-check and the
// tools that come after them (hazard log, cost).
export * from './files';
export * from './template';
export * from './tags';
export * from './acknowledgements';
export * from './metadata';
export * from './validation-report';
export * from './pack-runs';
export * from './cloud-assembly';
export * from './security-services';
