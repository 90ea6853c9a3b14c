// `make bench-scale`: the executor at 10, 100, 1000 and 5000 tasks (on tasks/4 container
// instances) against the AWS emulator with simulated hosts and the account's rate buckets.
// See bench/README.md "Scale".
//   node .build/bench/scale/main.js [--tasks 10,100,1000,5000] [--polling list,get]
//     [--window-s auto|40] [--host-ms 3000,3000,500] [--api-ms 50] [--out .tmp/bench/scale.json]
//     [--ssm-rate 4] (the run's SSM_CALLS_PER_SECOND) [--aws-ssm-rate 5] (SSM's assumed rate)
//     [--max-command-bytes 32768] [--logs DIR] (each run's log and the calls AWS saw)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderScale } from './report.js';
import { runScale, type Polling, type ScaleResult, type ScaleSettings } from './run-one.js';

const say = (text: string) => process.stderr.write(`[bench-scale] ${text}\n`);

/** `auto`: 40 s, or 1 s per 25 tasks when longer, so the inject of 5,000 fits its window. */
const windowFor = (window: number | 'auto', tasks: number) =>
  window === 'auto' ? Math.max(40, Math.ceil(tasks / 25)) : window;

interface Options {
  readonly window: number | 'auto';
  readonly sizes: readonly number[];
  readonly polling: readonly Polling[];
  readonly out: string;
  readonly settings: Omit<ScaleSettings, 'tasks' | 'instances' | 'polling' | 'windowS'>;
}

function numbers(flag: string, text: string, max: number, example: string): number[] {
  const values = text.split(',').map(Number);
  if (values.every((v) => Number.isInteger(v) && v >= 0 && v <= max)) return values;
  throw new Error(
    `--${flag} '${text}' must be whole numbers 0..${max}, comma-separated, e.g. --${flag} ${example}`,
  );
}

/** The first of `numbers`: a flag that takes one value. */
const single = (flag: string, text: string, max: number, example: string): number =>
  numbers(flag, text, max, example)[0] ?? 0;

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '10,100,1000,5000' },
      polling: { type: 'string', default: 'list' },
      'window-s': { type: 'string', default: 'auto' },
      'host-ms': { type: 'string', default: '3000,3000,500' },
      'api-ms': { type: 'string', default: '50' },
      out: { type: 'string', default: '.tmp/bench/scale.json' },
      logs: { type: 'string' },
      'max-command-bytes': { type: 'string', default: '32768' },
      'ssm-rate': { type: 'string', default: '4' },
      'aws-ssm-rate': { type: 'string', default: '5' },
    },
  });
  const polling = values.polling.split(',');
  if (!polling.every((p): p is Polling => p === 'list' || p === 'get')) {
    throw new Error(`--polling '${values.polling}' must be list, get or list,get`);
  }
  const [inject = 0, revert = 0, status = 0] = numbers(
    'host-ms',
    values['host-ms'],
    600_000,
    '3000,3000,500',
  );
  const window =
    values['window-s'] === 'auto' ? 'auto' : single('window-s', values['window-s'], 3600, '40');
  const maxCommandBytes = single('max-command-bytes', values['max-command-bytes'], 65536, '32768');
  const apiLatencyMs = single('api-ms', values['api-ms'], 10_000, '50');
  const ssmCallsPerSecond = single('ssm-rate', values['ssm-rate'], 50, '4');
  const awsSsmPerSecond = single('aws-ssm-rate', values['aws-ssm-rate'], 1000, '5');
  const sizes = numbers('tasks', values.tasks, 30_000, '10,100,1000,5000').filter((n) => n > 0);
  return {
    window,
    sizes,
    polling,
    out: values.out,
    settings: {
      maxCommandBytes,
      ssmCallsPerSecond,
      awsSsmPerSecond,
      hostDelayMs: { inject, revert, status },
      apiLatencyMs,
      logDir: values.logs,
    },
  };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = readOptions();
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const results: ScaleResult[] = [];
  const loadAtStart = loadavg()[0] ?? 0;
  const stop = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    say(`${name}: killing the executor and stopping the emulator`);
    stop.abort();
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  if (options.settings.logDir !== undefined)
    mkdirSync(options.settings.logDir, { recursive: true });
  for (const polling of options.polling) {
    for (const tasks of options.sizes) {
      if (stop.signal.aborted) return 130;
      const instances = Math.max(1, Math.ceil(tasks / 4));
      say(`${tasks} tasks on ${instances} hosts, polling ${polling}`);
      const windowS = windowFor(options.window, tasks);
      const settings = { ...options.settings, windowS, tasks, instances, polling };
      const result = await runScale(settings, stop.signal);
      say(
        `  inject ${String(result.injectS)} s, revert ${String(result.revertS)} s, exit ${String(result.exitCode)} (${result.wallS} s)`,
      );
      results.push(result);
    }
  }
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  const document = {
    startedAt: new Date().toISOString(),
    settings: { ...options.settings, window: options.window },
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    results,
  };
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  const load = `load average ${loadAtStart.toFixed(1)} at the start, ${document.loadAverage.end.toFixed(1)} at the end (2 CPUs are busy at 2)`;
  process.stdout.write(
    `${renderScale(options.settings, results)}${load}\nfigures as JSON: ${out}\n`,
  );
  return results.every((r) => r.exitCode === 0) ? 0 : 1;
}

process.exitCode = await main();
