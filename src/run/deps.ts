import type { Environment } from '../core/context.js';
import type { OutputConfig, ReportingConfig, RunConfig } from '../config/run-config.js';
import type { Phase } from '../errors/codes.js';
import type { Clock, Random } from '../core/clock.js';
import type { EcsApi, SsmApi } from '../experiment/aws-api.js';
import type { PollPolicy } from '../dispatch/poll.js';
import type { HostScripts } from '../host/scripts.js';
import type { Logger } from '../log/logger.js';
import type { RunReporting } from './reporting.js';

/** What phase `credentials` yields: the ports, and who they act as. */
export interface AwsSession {
  readonly ecs: EcsApi;
  readonly ssm: SsmApi;
  readonly identity: { readonly account: string; readonly arn: string; readonly userId: string };
  /** Where the credentials came from, for the log. */
  readonly source: string;
  /** Said once, as a warning: e.g. a credentials file that does not exist was ignored. */
  readonly warning?: string;
  close(): void;
}

/** What an AWS call reads when it starts: the phase, and the signal it is bound to. */
export interface AwsCallScope {
  readonly phaseOf: () => Phase;
  readonly signalOf: () => AbortSignal;
}

/** Everything `run` takes from the outside world; unit tests pass fakes for each. */
export interface RunDeps {
  readonly env: Environment;
  readonly clock: Clock;
  readonly random: Random;
  /** Aborted on SIGTERM/SIGINT (reason: the signal's name). */
  readonly signal: AbortSignal;
  readonly stderr: (line: string) => void;
  /** The run's logger, once LOG_FORMAT and LOG_LEVEL are known; bound to phase `config`. */
  readonly logger: (output: OutputConfig) => Logger;
  /** Phase `result-init`: where the ChaosResult, Events and probes live. */
  readonly reporting: (config: ReportingConfig, logger: Logger) => Promise<RunReporting>;
  /**
   * Phase `credentials`. Adapters read the current phase when they wrap an error, and bind
   * each call to the signal in force when it starts (ADR 0151).
   */
  readonly connect: (config: RunConfig, scope: AwsCallScope) => Promise<AwsSession>;
  /** The checked-in host script's builds (ADRs 0002, 0223). */
  readonly hostScripts: () => Promise<HostScripts>;
  readonly poll: PollPolicy;
}
