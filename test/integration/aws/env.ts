/**
 * The SDK reads its own environment (credentials chain, AWS_ENDPOINT_URL*): these tests set
 * it like a pod would, and put back exactly what was there.
 */
const NAMES = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_SESSION_NAME',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];

export function withSdkEnv(values: Record<string, string>): () => void {
  const saved = new Map(NAMES.map((name) => [name, process.env[name]]));
  for (const name of NAMES) Reflect.deleteProperty(process.env, name);
  // No instance metadata on this machine: never let the chain wait for it.
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['AWS_CONFIG_FILE'] = '/nonexistent/ehc-aws-config';
  process.env['AWS_SHARED_CREDENTIALS_FILE'] ??= '/nonexistent/ehc-aws-credentials';
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  };
}
