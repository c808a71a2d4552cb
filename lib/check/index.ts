// Template checking: `rootstock check` over any CloudFormation template, cdk.out folder, or folder of them.
export * from './template';
export * from './check';
export * from './format';
export * from './prepare';
export * from './for-each';
