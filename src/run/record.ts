import type { TargetHold } from '../dispatch/hold.js';
import type { CountersByTask, CountersView } from '../dispatch/revert.js';
import type { CommandRunner } from '../dispatch/runner.js';
import type { HealthResult } from '../result/outcome.js';
import type { AwsSession } from './deps.js';

/**
 * What a step reports it did. Steps yield these and never change the run themselves: the
 * run applies each one (in order, before the step goes on), so the state that abort and
 * revert depend on changes in one place.
 */
export type StepEvent =
  | { readonly kind: 'connected'; readonly aws: AwsSession }
  | { readonly kind: 'armed'; readonly runner: CommandRunner }
  | { readonly kind: 'health'; readonly when: 'before' | 'after'; readonly result: HealthResult }
  /** The last step's inject is up on every target: the fault is on. */
  | { readonly kind: 'injected' }
  /** Counters a revert read from the proxies it stopped. */
  | { readonly kind: 'reverted'; readonly counters: CountersByTask }
  /** What a step's watch saw of every proxy (ADR 0140), settled against the counters later. */
  | { readonly kind: 'held'; readonly holds: readonly TargetHold[] };

/** The record as steps may read it. */
export interface StepView {
  readonly aws: AwsSession | undefined;
  readonly runner: CommandRunner | undefined;
  readonly injected: boolean;
  /** DEFAULT_HEALTH_CHECK before the fault and after it (ADR 0065). */
  readonly health: { readonly before?: HealthResult; readonly after?: HealthResult };
  /** What each reverted task's proxy counted (null: the revert could not read it). */
  readonly counters: CountersView;
  readonly holds: readonly TargetHold[];
}

/** The run's record of its steps; only the run holds it and applies events to it. */
export class StepRecord implements StepView {
  private session: AwsSession | undefined;
  private commandRunner: CommandRunner | undefined;
  private faultOn = false;
  private readonly checks: { before?: HealthResult; after?: HealthResult } = {};
  private readonly counted: CountersByTask = new Map();
  private readonly held: TargetHold[] = [];

  apply(event: StepEvent): void {
    switch (event.kind) {
      case 'connected':
        this.session = event.aws;
        return;
      case 'armed':
        this.commandRunner = event.runner;
        return;
      case 'health':
        this.checks[event.when] = event.result;
        return;
      case 'injected':
        this.faultOn = true;
        return;
      case 'reverted':
        for (const [task, counters] of event.counters) this.counted.set(task, counters);
        return;
      case 'held':
        this.held.push(...event.holds);
    }
  }

  get aws(): AwsSession | undefined {
    return this.session;
  }

  get runner(): CommandRunner | undefined {
    return this.commandRunner;
  }

  get injected(): boolean {
    return this.faultOn;
  }

  get health(): StepView['health'] {
    return this.checks;
  }

  get counters(): CountersView {
    return this.counted;
  }

  get holds(): readonly TargetHold[] {
    return this.held;
  }
}
