// Template checking: `rootstock check` over any CloudFormation template or cdk.out folder.
export * from './template';
export * from './check';
