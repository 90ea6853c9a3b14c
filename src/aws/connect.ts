import type { RunConfig } from '../config/run-config.js';
import type { EcsPort, SsmPort } from '../experiment/ports.js';
import { ecsClient, ssmClient, type CallScope } from './clients.js';
import { resolveCredentials, type CallerIdentity } from './credentials.js';
import { EcsAdapter } from './ecs.js';
import { SsmAdapter } from './ssm.js';

export interface AwsConnection {
  readonly ecs: EcsPort;
  readonly ssm: SsmPort;
  readonly identity: CallerIdentity;
  readonly source: string;
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
  const { provider, identity, source } = await resolveCredentials(
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
    close: () => {
      ecs.destroy();
      ssm.destroy();
    },
  };
}
