// Jest setup (every test file): the AWS SDK's notice that its releases after January 2027 need
// Node 22 is not a test result; tests that judge how Rootstock handles that notice
// (test/lib/preflight/sdk-warnings.test.ts) set the variable themselves for their child processes.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
