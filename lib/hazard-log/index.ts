// The clinical hazard log (DCB0129 / DCB0160) of what a cloud assembly deploys.
export * from './hazard-log';
export * from './render';
export * from './write';
