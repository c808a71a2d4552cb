// Upgrade safety: compare two synths and fail on data-losing changes.
export * from './assembly';
export * from './upgrade-check';
export * from './baseline';
export * from './format';
