/**
 * The end of the demo: the report (read before anything is removed: the hosts are checked
 * for leftovers of the run, the ChaosResult is read where the run wrote it), then the
 * clean-up, then a look for anything of the demo's still there.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { leftovers } from '../world/leftovers.js';
import { runChecks } from './checks.js';
import { leftoversOf } from './cleanup.js';
import type { Demo } from './demo.js';
import { NAMESPACE, readFromApi } from './kube.js';
import { seconds } from './output.js';
import { PROBE_NAME } from './probe.js';
import {
  renderChecks,
  renderClients,
  renderLocation,
  renderProxy,
  renderTargets,
  renderVerdict,
} from './render.js';
import { proxyCountersOf, taskReport, type Check, type TaskReport } from './report.js';
import type { ChaosResultObject } from '../../src/result/types.js';
import type { DemoSummary, ResultLocation } from './summary.js';

export interface Reported {
  readonly tasks: TaskReport[];
  readonly checks: Check[];
  readonly result: ChaosResultObject | undefined;
  readonly location: ResultLocation | null;
}

async function readResult(
  demo: Demo,
): Promise<{ result: ChaosResultObject | undefined; location: ResultLocation | null }> {
  const { kube, settings } = demo;
  if (kube === undefined) {
    const result = demo.runResult?.result as ChaosResultObject | undefined;
    const file = demo.resultFile();
    const where = `${file} (events in ${file.replace(/\.json$/, '.events.json')})`;
    return {
      result,
      location: result === undefined ? null : { sink: 'file' as const, where, copy: undefined },
    };
  }
  const { result, events } = await readFromApi(kube);
  if (result === undefined) return { result: undefined, location: null };
  const copy = join(settings.outDir, 'chaosresult.json');
  await writeFile(copy, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(
    join(settings.outDir, 'chaosresult.events.json'),
    `${JSON.stringify(events, null, 2)}\n`,
  );
  const name = result.metadata.name;
  const where = `chaosresults.litmuschaos.io ${NAMESPACE}/${name} on ${kube.api.server} (that API goes with the sandbox)`;
  return { result, location: { sink: 'kubernetes' as const, where, copy } };
}

/** Why the verdict is what it is, in the demo's terms. */
export function explainVerdict(demo: Demo, result: ChaosResultObject | undefined): string {
  const status = result?.status;
  const verdict = status?.experimentStatus.verdict;
  const probe = status?.probeStatuses.find((one) => one.name === PROBE_NAME);
  const { resetTimeoutMs, slowMs } = demo.settings;
  const reasons: readonly (readonly [boolean, string])[] = [
    [
      verdict === 'Fail' && probe?.status.verdict === 'Failed',
      `Expected: the probe asks the service (through its load balancer) for GET /slow?ms=${slowMs}, longer than RESET_TIMEOUT=${resetTimeoutMs} ms; a try that landed on a targeted task was reset, so requests that long do not survive this fault.`,
    ],
    [
      verdict === 'Pass' && probe !== undefined,
      'The probe passed: none of its tries landed on a targeted task while the fault was on (a longer TOTAL_CHAOS_DURATION gives it more tries).',
    ],
    [
      verdict === 'Pass',
      'No probe (DEMO_PROBE=false): the fault was injected and reverted cleanly, so the run passes.',
    ],
    [verdict === 'Stopped', 'Stopped by a signal: the run reverted every target before it exited.'],
  ];
  return (
    reasons.find(([applies]) => applies)?.[1] ??
    'The run did not end as the demo expects: see its log above and executor.log.'
  );
}

export async function report(demo: Demo): Promise<Reported | undefined> {
  const { sandbox, moments, load, out, settings } = demo;
  if (sandbox === undefined || moments === undefined || load === undefined) return undefined;
  const hostLeftovers = await leftovers(
    sandbox.hosts.instances,
    load.perTask.map((one) => one.task),
  );
  const { result, location } = await readResult(demo);
  const proxies = proxyCountersOf(result);
  const tasks = load.perTask.map((one) =>
    taskReport(one.task, one.attempts(), {
      moments,
      probe: demo.balancer?.counts.get(one.task.taskId),
      proxy: proxies.get(one.task.taskArn),
    }),
  );
  const checks = runChecks(tasks, moments, settings, hostLeftovers);
  out.line('');
  renderTargets(out, tasks, settings);
  renderClients(out, tasks);
  renderProxy(out, tasks, result?.status.faultEvidence?.effect ?? 'none');
  renderVerdict(out, result?.status, explainVerdict(demo, result));
  renderLocation(out, location);
  renderChecks(out, checks);
  return { tasks, checks, result, location };
}

/** Removes everything, then looks again; returns what is still there. */
export async function cleanUp(demo: Demo): Promise<string[]> {
  const failures = await demo.cleanup.run((name, ms, error) => {
    demo.out.line(
      `  ${error === undefined ? 'removed' : 'FAILED to remove'} ${name} (${seconds(ms)})${error === undefined ? '' : `: ${error}`}`,
    );
  });
  const left = await leftoversOf(demo.cleanup.made);
  demo.out.line(
    left.length === 0 && failures.length === 0
      ? '  left behind: nothing'
      : `  left behind: ${[...failures, ...left].join('; ')}`,
  );
  return [...failures, ...left];
}

export interface Ending {
  readonly failure: string | undefined;
  readonly reported: Reported | undefined;
  readonly leftovers: readonly string[];
}

/** 0: the demo showed what it claims; 1: a check failed or something broke; 130/143: a signal. */
export function exitCodeOf(demo: Demo, ending: Ending): number {
  if (demo.signal.aborted) return demo.signal.reason === 'SIGTERM' ? 143 : 130;
  const code = demo.runResult?.code;
  const runOk = code === 0 || code === 1;
  const checksOk = ending.reported?.checks.every((check) => check.ok) === true;
  return ending.failure === undefined && runOk && checksOk && ending.leftovers.length === 0 ? 0 : 1;
}

type Measured = Pick<
  DemoSummary,
  'tasks' | 'verdict' | 'probeStatuses' | 'faultEvidence' | 'chaosResult' | 'checks'
>;

function measured(reported: Reported | undefined): Measured {
  if (reported === undefined) {
    const nothing = { verdict: null, faultEvidence: null, chaosResult: null };
    return { ...nothing, tasks: [], probeStatuses: [], checks: [] };
  }
  const status = reported.result?.status;
  return {
    tasks: reported.tasks,
    verdict: status?.experimentStatus ?? null,
    probeStatuses: status?.probeStatuses ?? [],
    faultEvidence: status?.faultEvidence ?? null,
    chaosResult: reported.location,
    checks: reported.checks,
  };
}

export function summaryOf(demo: Demo, ending: Ending): DemoSummary {
  const run = demo.runResult;
  return {
    settings: demo.settings,
    exitCode: exitCodeOf(demo, ending),
    stoppedBy: demo.signal.aborted ? String(demo.signal.reason) : undefined,
    failure: ending.failure,
    executor:
      run === undefined ? null : { code: run.code, signal: run.signal, env: demo.runEnv ?? {} },
    moments: demo.moments ?? null,
    ...measured(ending.reported),
    awsRequests: demo.awsRequests,
    stages: demo.stages.times,
    totalMs: demo.stages.totalMs(),
    made: demo.cleanup.made,
    leftovers: ending.leftovers,
  };
}
