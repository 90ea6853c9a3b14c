/**
 * A wire-level AWS emulator for tests: ECS and SSM over AWS JSON 1.1, STS over the query
 * protocol, on loopback. The real SDK clients talk to `endpoint` unmodified; the SSM side
 * runs each command on the emulated instance like the agent does.
 *
 *   const aws = await startAwsEmulator(fixture, { throttle: { rate: 0.3, seed: 7 } });
 *   new SSMClient({ endpoint: aws.endpoint, region: 'us-east-1', credentials })
 *   aws.state.setPingStatus('i-0abc…', 'ConnectionLost');
 *   aws.requests.count('ssm:SendCommand');
 *   await aws.stop();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from './dispatch.js';
import type { EmulatorFixture } from './fixture.js';
import { IdentityStore } from './identity.js';
import { Knobs, type KnobSettings } from './knobs.js';
import { RequestLog } from './request-log.js';
import { listen } from './server.js';
import { EmulatedAgents } from './ssm/agent.js';
import { CommandService } from './ssm/commands.js';
import { EmulatorState } from './state.js';

export interface EmulatorOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where orchestration directories go; a fresh temporary directory by default. */
  workRoot?: string;
  /** Unexpected emulator failures (they also answer 500); default: print to stderr. */
  onBug?: (error: unknown) => void;
}

export interface AwsEmulator {
  endpoint: string;
  state: EmulatorState;
  knobs: Knobs;
  requests: RequestLog;
  commands: CommandService;
  identities: IdentityStore;
  /** Kills every process group it started, closes the server, removes its files. */
  stop(): Promise<void>;
}

export async function startAwsEmulator(
  fixture: EmulatorFixture,
  knobSettings: KnobSettings = {},
  options: EmulatorOptions = {},
): Promise<AwsEmulator> {
  const ownRoot = options.workRoot === undefined;
  const workRoot = options.workRoot ?? (await mkdtemp(join(tmpdir(), 'ehc-aws-emulator-')));
  const state = new EmulatorState(fixture);
  const knobs = new Knobs(knobSettings);
  const commands = new CommandService(new EmulatedAgents(state, knobs, workRoot), knobs);
  const deps: Deps = {
    state,
    identities: new IdentityStore(fixture, Date.now),
    commands,
    knobs,
    log: new RequestLog(),
    onBug:
      options.onBug ??
      ((error) => {
        process.stderr.write(`aws emulator: ${String(error)}\n`);
      }),
  };
  const listening = await listen(deps, options.host, options.port);
  let stopped: Promise<void> | undefined;
  return {
    endpoint: listening.endpoint,
    state,
    knobs,
    requests: deps.log,
    commands,
    identities: deps.identities,
    stop: () => {
      stopped ??= (async () => {
        await commands.shutdown();
        await listening.close();
        if (ownRoot) await rm(workRoot, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

export type { EmulatorFixture } from './fixture.js';
export type { KnobSettings } from './knobs.js';
export type { RequestRecord } from './request-log.js';
