/**
 * The SSM agents of the emulated instances: deliver each invocation when its instance is
 * Online (or time it out undelivered), run it, stop it on cancel or execution timeout,
 * and report the outcome — later, if the instance is offline when it ends.
 */
import { join } from 'node:path';
import type { Knobs } from '../knobs.js';
import { pingStatusOf, type EmulatorState } from '../state.js';
import type { Invocation, Report } from './invocation.js';
import { failureReport, finishedReport, stoppedReport, successOrFailure } from './outcome.js';
import { startScript, type ScriptExit, type ScriptRun, type ScriptSpec } from './script-runner.js';
import { SimulatedHosts } from './simulated-host.js';

/** What systemd gives the agent; an instance's `env` adds to it or overrides it. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const AGENT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class EmulatedAgents {
  private readonly live = new Set<Invocation>();
  private readonly unsubscribe: () => void;
  private closed = false;
  /** Every delivery under way, from setup to report: shutdown waits for all of them. */
  private readonly deliveries = new Set<Promise<void>>();
  /** Instances marked `simulated` in the fixture answer from here, not from a shell. */
  private readonly simulated: SimulatedHosts;

  constructor(
    private readonly state: EmulatorState,
    private readonly knobs: Knobs,
    private readonly workRoot: string,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = state.onOnline((instanceId) => {
      this.instanceOnline(instanceId);
    });
    this.simulated = new SimulatedHosts(now);
  }

  dispatch(invocation: Invocation): void {
    const delay = this.knobs.takeDeliveryDelay(invocation.instanceId);
    invocation.deliverNotBefore = this.now() + delay;
    this.live.add(invocation);
    this.after(invocation, delay, () => {
      this.tryDeliver(invocation);
    });
    const deadline = invocation.command.requestedAt + invocation.command.timeoutSeconds * 1000;
    this.after(invocation, deadline - this.now(), () => {
      if (invocation.status === 'Pending') {
        this.publish(invocation, {
          ...failureReport('TimedOut', 'DeliveryTimedOut'),
          responseCode: -1,
        });
      }
    });
  }

  async cancel(invocation: Invocation): Promise<void> {
    if (invocation.terminal || invocation.cancelRequested) return;
    invocation.cancelRequested = true;
    if (invocation.status === 'Pending') {
      this.publish(invocation, { ...failureReport('Cancelled', 'Cancelled'), responseCode: -1 });
      return;
    }
    invocation.status = 'Cancelling';
    invocation.statusDetails = 'Cancelling';
    if (this.online(invocation.instanceId)) await this.stop(invocation, 'Cancelled');
  }

  /** Kills every process group still running and forgets every timer. */
  async shutdown(): Promise<void> {
    this.unsubscribe();
    // Nothing is reported after this: the work folder is about to go, and a run that ends
    // (or a start still under way) must not read its output files from it.
    this.closed = true;
    for (const invocation of this.live) invocation.settled = true;
    const running = [...this.live].filter((invocation) => invocation.run !== undefined);
    for (const invocation of this.live) for (const timer of invocation.timers) clearTimeout(timer);
    await Promise.all(
      running.flatMap((invocation) => (invocation.run ? [invocation.run.killGroup()] : [])),
    );
    await Promise.allSettled([...this.deliveries]);
    this.live.clear();
  }

  private tryDeliver(invocation: Invocation): void {
    if (invocation.status !== 'Pending' || invocation.run !== undefined) return;
    const early = invocation.deliverNotBefore - this.now();
    if (early > 0) {
      // A timer can fire a millisecond before Date.now() reaches its target (loop time is
      // truncated): wait out the rest, or the delivery would only come with the timeout.
      this.after(invocation, early, () => {
        this.tryDeliver(invocation);
      });
      return;
    }
    if (!this.online(invocation.instanceId)) return;
    if (this.state.managedInstance(invocation.instanceId)?.simulated === true) {
      this.simulate(invocation);
      return;
    }
    const delivery = this.start(invocation);
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  private async start(invocation: Invocation): Promise<void> {
    invocation.status = 'InProgress';
    invocation.statusDetails = 'InProgress';
    invocation.startedAt = this.now();
    let run: ScriptRun;
    try {
      run = await startScript(this.spec(invocation));
    } catch (error) {
      if (this.closed) return;
      invocation.settled = true;
      const reason = `failed to run commands: ${(error as Error).message}`;
      this.report(invocation, { ...failureReport('Failed', 'Failed'), stderr: reason });
      return;
    }
    invocation.run = run;
    if (this.closed) {
      await run.killGroup();
      return;
    }
    this.after(invocation, invocation.command.executionTimeoutSeconds * 1000, () => {
      void this.stop(invocation, 'TimedOut');
    });
    if (invocation.cancelRequested) void this.stop(invocation, 'Cancelled');
    await this.ended(invocation, await run.finished);
  }

  /** The host script's answer, after the knob's delay; past executionTimeout it is killed. */
  private simulate(invocation: Invocation): void {
    invocation.status = 'InProgress';
    invocation.statusDetails = 'InProgress';
    invocation.startedAt = this.now();
    invocation.simulated = true;
    const run = this.simulated.run(invocation.instanceId, invocation.command.commands);
    const delay = this.knobs.hostDelay(run.mode ?? 'inject');
    const limit = invocation.command.executionTimeoutSeconds * 1000;
    if (delay >= limit) {
      this.after(invocation, limit, () => void this.stop(invocation, 'TimedOut'));
      return;
    }
    this.after(invocation, delay, () => {
      if (invocation.settled) return;
      invocation.settled = true;
      this.report(invocation, finishedReport(run.exitCode, run.stdout, run.stderr));
    });
  }

  private spec(invocation: Invocation): ScriptSpec {
    const { command, instanceId } = invocation;
    const instance = this.state.managedInstance(instanceId);
    const directory = join(
      this.workRoot,
      instanceId,
      'document',
      'orchestration',
      command.commandId,
    );
    return {
      directory: join(directory, 'awsrunShellScript', '0.awsrunShellScript'),
      commands: command.commands,
      cwd: command.workingDirectory || instance?.workingDirectory || directory,
      env: {
        PATH: AGENT_PATH,
        ...instance?.env,
        AWS_SSM_INSTANCE_ID: instanceId,
        AWS_SSM_REGION_NAME: this.state.region,
      },
    };
  }

  private async ended(invocation: Invocation, exit: ScriptExit): Promise<void> {
    if (invocation.settled) return;
    invocation.settled = true;
    this.report(invocation, await successOrFailure(invocation, exit));
  }

  private async stop(invocation: Invocation, outcome: 'Cancelled' | 'TimedOut'): Promise<void> {
    if (invocation.simulated && !invocation.settled) {
      // A simulated host writes its lines at the end: a killed one has printed nothing.
      invocation.settled = true;
      const details = outcome === 'Cancelled' ? 'Cancelled' : 'ExecutionTimedOut';
      this.report(invocation, { ...failureReport(outcome, details), responseCode: 137 });
      return;
    }
    const run = invocation.run;
    if (run === undefined || invocation.settled) return;
    invocation.settled = true;
    await run.killGroup();
    this.report(invocation, await stoppedReport(run, outcome));
  }

  private report(invocation: Invocation, report: Report): void {
    if (this.online(invocation.instanceId)) this.publish(invocation, report);
    else invocation.unreported = report;
  }

  private publish(invocation: Invocation, report: Report): void {
    invocation.publish(report, this.now());
    this.live.delete(invocation);
  }

  private instanceOnline(instanceId: string): void {
    for (const invocation of this.live) {
      if (invocation.instanceId !== instanceId) continue;
      if (invocation.unreported !== undefined) this.publish(invocation, invocation.unreported);
      else if (invocation.cancelRequested) void this.stop(invocation, 'Cancelled');
      else this.tryDeliver(invocation);
    }
  }

  private online(instanceId: string): boolean {
    const instance = this.state.managedInstance(instanceId);
    return instance !== undefined && pingStatusOf(instance) === 'Online';
  }

  private after(invocation: Invocation, ms: number, action: () => void): void {
    // setTimeout fires at once beyond 2^31-1 ms; TimeoutSeconds may be 30 days.
    invocation.timers.push(setTimeout(action, Math.min(Math.max(0, ms), MAX_TIMER_MS)));
  }
}
