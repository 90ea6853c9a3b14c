import type { RunConfig } from '../config/run-config.js';
import type { EcsPort, SsmPort } from '../experiment/ports.js';
import { ecsClient, ssmClient, type PhaseOf } from './clients.js';
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

/** The one entry point of src/aws/: credentials resolved, identity known, ports ready. */
export async function connectAws(
  config: RunConfig,
  phaseOf: PhaseOf,
  now: () => number,
): Promise<AwsConnection> {
  const { provider, identity, source } = await resolveCredentials(config.aws, config.chaosId, now);
  const options = { region: config.aws.region, credentials: provider };
  const ecs = ecsClient(options);
  const ssm = ssmClient(options);
  return {
    ecs: new EcsAdapter(ecs, phaseOf),
    ssm: new SsmAdapter(ssm, phaseOf),
    identity,
    source,
    close: () => {
      ecs.destroy();
      ssm.destroy();
    },
  };
}
