/**
 * `make demo`: the fault end to end on a local sandbox (docs/decisions/0110-0113).
 *   node .build/sandbox/demo/main.js        (make demo builds and prepares first)
 * Tunables from the environment (settings.ts, README). Writes DEMO_OUT_DIR/summary.json.
 * Exit: 0 the demo showed what it claims; 1 a check failed or something broke; 2 a bad
 * tunable (nothing created); 130/143 stopped by SIGINT/SIGTERM after cleaning up.
 */
import { join } from 'node:path';
import { repositoryRoot } from '../kube/paths.js';
import { Demo } from './demo.js';
import { cleanUp, report, summaryOf, type Reported } from './finish.js';
import { Output, seconds } from './output.js';
import { SettingsError, loadSettings, type DemoSettings } from './settings.js';
import { writeSummary } from './summary.js';

function banner(out: Output, settings: DemoSettings): void {
  out.line('ecs-http-chaos demo: ECS container HTTP reset peer, end to end on a local sandbox');
  out.line(
    `  fault   RESET_TIMEOUT=${settings.resetTimeoutMs} ms · TASK_REPLICA_AFFECTED_PERC=${settings.affectedPercent} · TOTAL_CHAOS_DURATION=${settings.windowSeconds} s · TOXICITY=${settings.toxicity}`,
  );
  out.line(
    '  change  with environment variables, e.g. make demo RESET_TIMEOUT=500 TOTAL_CHAOS_DURATION=30 (README lists them)',
  );
  out.line('  Ctrl-C  at any moment: the run reverts, then everything the demo made is removed');
}

async function stagesUpToRun(demo: Demo): Promise<void> {
  const { settings, stages } = demo;
  await demo.makeFolders();
  await demo.startSandbox();
  await stages.run('aws', 'the AWS emulator, its own process', () => demo.startAws());
  await stages.run('load', 'real HTTP clients on every task, a fresh connection per request', () =>
    demo.startLoad(),
  );
  await stages.run(
    'run',
    `bin/ecs-http-chaos run: SERVICE_NAME=web, ${settings.affectedPercent}% of the tasks, RESET_TIMEOUT=${settings.resetTimeoutMs}, TOTAL_CHAOS_DURATION=${settings.windowSeconds}`,
    () => demo.runChaos(),
  );
  if (!demo.signal.aborted)
    await stages.run('after', 'the load goes on after the run', () => demo.afterRun());
}

async function execute(demo: Demo): Promise<number> {
  const { out, stages, settings } = demo;
  banner(out, settings);
  await stages.readStamps(settings.stampsFile);
  let failure: string | undefined;
  try {
    out.line('');
    await stagesUpToRun(demo);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    // After a signal, whatever broke under it (a child that got the Ctrl-C too) is noise.
    out.line(demo.signal.aborted ? `⏹ stopped by ${String(demo.signal.reason)}` : `✗ ${failure}`);
  }
  let reported: Reported | undefined;
  if (demo.runResult !== undefined) {
    reported = await stages
      .run('report', 'what the clients saw, and what the run reported', () => report(demo))
      .catch((error: unknown) => {
        failure ??= `report: ${String(error)}`;
        return undefined;
      });
  }
  const leftovers = await stages.run('cleanup', 'removing everything the demo made', () =>
    cleanUp(demo),
  );
  const summary = summaryOf(demo, { failure, reported, leftovers });
  const summaryFile = join(settings.outDir, 'summary.json');
  await writeSummary(summaryFile, summary);
  out.line('');
  out.line(`Stages: ${stages.summary()}`);
  out.line(`Summary for machines: ${summaryFile}`);
  out.line(
    summary.exitCode === 0
      ? `Demo done in ${seconds(stages.totalMs())}.`
      : `Demo ended with exit code ${summary.exitCode}.`,
  );
  return summary.exitCode;
}

async function main(): Promise<number> {
  const out = new Output(
    (text) => process.stdout.write(text),
    process.stdout.isTTY,
    Date.now,
    () => process.stdout.columns,
  );
  let settings: DemoSettings;
  try {
    settings = loadSettings(process.env, repositoryRoot());
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(
      `make demo: invalid tunables (nothing was created):\n${error.message.replace(/^/gm, '  ')}\n`,
    );
    return 2;
  }
  const controller = new AbortController();
  const demo = new Demo(settings, out, controller.signal);
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      if (controller.signal.aborted) {
        out.line(`⏹ ${name} again: still cleaning up, please wait`);
        return;
      }
      out.line(`⏹ ${name}: stopping; the run reverts, then everything the demo made is removed`);
      controller.abort(name);
      demo.forward(name);
    });
  }
  // A bug must not leave dockerd hosts behind: clean up, then fail.
  process.once('uncaughtException', (error) => {
    out.line(`✗ unexpected: ${error.stack ?? error.message}`);
    if (!controller.signal.aborted) controller.abort('failure');
    void cleanUp(demo).finally(() => {
      // eslint-disable-next-line no-restricted-properties -- the demo's one exit (on a bug)
      process.exit(1);
    });
  });
  return execute(demo);
}

main().then(
  (code) => {
    // eslint-disable-next-line no-restricted-properties -- the demo's one exit
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `make demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    // eslint-disable-next-line no-restricted-properties -- the demo's one exit
    process.exit(1);
  },
);
