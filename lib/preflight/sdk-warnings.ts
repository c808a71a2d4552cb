/**
 * Keeps the AWS SDK's Node.js version support notice out of every command's output.
 *
 * The SDK prints an 8-line `NodeVersionSupportWarning` the first time a client is made on a Node
 * version it will stop supporting; Rootstock's supported Node versions are its own `engines`
 * field and CI's business, not a message for every `preflight` or `fleet-status`. Set
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false` to see it again.
 */
export function quietSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
