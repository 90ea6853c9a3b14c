import type { RunConfig } from '../config/run-config.js';
import type { EcsApi, SsmApi } from '../experiment/aws-api.js';
import { ecsClient, ssmClient, type CallScope } from './clients.js';
import { resolveCredentials, type CallerIdentity } from './credentials.js';
import { EcsAdapter } from './ecs.js';
import { SsmAdapter } from './ssm.js';

export interface AwsConnection {
  readonly ecs: EcsApi;
  readonly ssm: SsmApi;
  readonly identity: CallerIdentity;
  readonly source: string;
  /** A credentials file that does not exist and was ignored (ADR 0155). */
  readonly warning?: string;
  /** Closes the clients' sockets. */
  close(): void;
}

/**
 * The one entry point of src/aws/: credentials resolved, identity known, ports ready. Every
 * call, STS's included, reads the scope's phase and is bound to the scope's signal.
 */
export async function connectAws(
  config: RunConfig,
  scope: CallScope,
  now: () => number,
): Promise<AwsConnection> {
  const { provider, identity, source, warning } = await resolveCredentials(
    config.aws,
    config.chaosId,
    now,
    scope.signalOf,
  );
  const options = { region: config.aws.region, credentials: provider };
  const ecs = ecsClient(options);
  const ssm = ssmClient(options);
  return {
    ecs: new EcsAdapter(ecs, scope),
    ssm: new SsmAdapter(ssm, scope),
    identity,
    source,
    ...(warning === undefined ? {} : { warning }),
    close: () => {
      ecs.destroy();
      ssm.destroy();
    },
  };
}
