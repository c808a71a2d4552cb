// Fleet roll-out: the wave plan, the CDK Pipelines pipeline, and fleet-wide status.
export * from './app';
export * from './config';
export * from './fleet-pipeline';
export * from './status';
export * from './compliance-record';
export * from './fleet-access';
