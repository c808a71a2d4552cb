// Fleet roll-out: the wave plan, the CDK Pipelines pipeline, fleet access, and fleet-wide status.
export * from './app';
export * from './config';
export * from './fleet-pipeline';
export * from './fleet-access';
export * from './compliance-record';
export * from './calls';
export * from './drift';
export * from './versions';
export * from './status';
export * from './render';
export { checkCallerCredentials } from './credentials';
export * from './bootstrap';
