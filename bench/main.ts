// `make bench`: direct vs our two mechanisms vs HAProxy vs toxiproxy, side by side in one run, on
// a namespace pair this process creates and removes. See bench/README.md.
//   node .build/bench/main.js --toxiproxy PATH [--duration-s 3] [--out .tmp/bench/results.json]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServers } from './apps.js';
import { haproxy } from './haproxy.js';
import { Lab } from './lab.js';
import { describeMachine, preflight } from './machine.js';
import { measureContender, type ContenderResult, type LoadSettings } from './measure.js';
import { NEVER_FIRES_MS, ours, type Mechanism } from './ours.js';
import { measureConcurrent } from './concurrent.js';
import { measurePrecision, type PrecisionResult } from './precision.js';
import { direct, type Contender } from './relay.js';
import { problemCount, render, type Results } from './report.js';
import { measureStartups } from './startup.js';
import { combinePrecision, combineRounds, rotate } from './rounds.js';
import { summarize } from './stats.js';
import { toxiproxy } from './toxiproxy.js';

/** Reset timeout of the "reset" rows under load: every keep-alive connection is cut often. */
const LOAD_RESET_MS = 100;
/** Reset timeout of the precision bursts (the research's T). */
const PRECISION_RESET_MS = 1000;
const BURSTS = [100, 1000];
const STARTUPS = 5;

interface RunSettings extends LoadSettings {
  readonly rounds: number;
}

const say = (text: string) => process.stderr.write(`[bench] ${text}\n`);

const MECHANISMS: readonly Mechanism[] = ['relay', 'destroy'];
/**
 * Connections held at once for the peak-memory measurement. The relay needs two
 * descriptors per connection and this machine caps a process at 20,000 (`ulimit -Hn`,
 * not raisable here), so it holds 9,500; destroy holds no descriptor at all.
 */
const CONCURRENT: Readonly<Record<Mechanism, number>> = { relay: 9_500, destroy: 10_000 };

function contenders(toxiproxyBinary: string): Contender[] {
  return [
    direct,
    ...MECHANISMS.flatMap((mechanism) => [
      ours(`${mechanism} (timer never fires)`, NEVER_FIRES_MS, mechanism),
      ours(`${mechanism} (reset ${LOAD_RESET_MS} ms)`, LOAD_RESET_MS, mechanism),
    ]),
    haproxy,
    toxiproxy('toxiproxy', toxiproxyBinary),
    toxiproxy(`toxiproxy (reset_peer ${LOAD_RESET_MS} ms)`, toxiproxyBinary, LOAD_RESET_MS),
  ];
}

function stopIfClosed(lab: Lab): void {
  if (lab.isClosed) throw new Error('stopped by a signal');
}

async function loadPhase(
  lab: Lab,
  results: Results,
  toxiproxyBinary: string,
  settings: RunSettings,
) {
  const list = contenders(toxiproxyBinary);
  const rounds = new Map<string, ContenderResult[]>(list.map((c) => [c.name, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const contender of rotate(list, round)) {
      stopIfClosed(lab);
      say(`load, round ${round + 1}/${settings.rounds}: ${contender.name}`);
      rounds.get(contender.name)?.push(await measureContender(lab, contender, settings));
    }
  }
  results.contenders.push(...list.map((c) => combineRounds(rounds.get(c.name) ?? [])));
}

async function startupPhase(lab: Lab, results: Results) {
  for (const mechanism of MECHANISMS) {
    stopIfClosed(lab);
    say(`start-up: ${STARTUPS} starts of ecs-http-chaos proxy --mechanism ${mechanism}`);
    const samples = [
      ...results.contenders
        .filter((c) => c.name.startsWith(`${mechanism} `))
        .flatMap((c) => c.startupMs),
      ...(await measureStartups(lab, STARTUPS, mechanism)),
    ];
    results.startup[mechanism] = { samplesMs: samples, summary: summarize(samples) };
  }
}

async function concurrentPhase(lab: Lab, results: Results) {
  for (const mechanism of MECHANISMS) {
    stopIfClosed(lab);
    const count = CONCURRENT[mechanism];
    say(`${count} concurrent connections: ${mechanism}`);
    const contender = ours(`${mechanism} (timer never fires)`, NEVER_FIRES_MS, mechanism);
    results.concurrent.push(await measureConcurrent(lab, contender, count));
  }
}

async function precisionPhase(
  lab: Lab,
  results: Results,
  toxiproxyBinary: string,
  settings: RunSettings,
) {
  const list = [
    ...MECHANISMS.map((mechanism) => ours(mechanism, PRECISION_RESET_MS, mechanism)),
    toxiproxy('toxiproxy reset_peer', toxiproxyBinary, PRECISION_RESET_MS),
  ];
  const rounds: PrecisionResult[] = [];
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const contender of rotate(list, round)) {
      stopIfClosed(lab);
      say(
        `precision, round ${round + 1}/${settings.rounds}: ${contender.name}, bursts of ${BURSTS.join(' and ')}`,
      );
      rounds.push(...(await measurePrecision(lab, contender, BURSTS)));
    }
  }
  results.precision.push(...combinePrecision(rounds));
}

async function measureAll(
  lab: Lab,
  results: Results,
  toxiproxyBinary: string,
  settings: RunSettings,
) {
  await startServers(lab);
  await loadPhase(lab, results, toxiproxyBinary, settings);
  await startupPhase(lab, results);
  await concurrentPhase(lab, results);
  await precisionPhase(lab, results, toxiproxyBinary, settings);
}

/** Ctrl-C or SIGTERM: remove everything first, then die of the signal as usual. */
function onSignals(lab: Lab): () => void {
  const handler = (signal: NodeJS.Signals) => {
    say(`${signal}: removing the namespaces and processes`);
    void lab.close().finally(() => {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    });
  };
  process.once('SIGINT', handler).once('SIGTERM', handler);
  return () => process.off('SIGINT', handler).off('SIGTERM', handler);
}

interface Options {
  readonly toxiproxy: string;
  readonly out: string;
  readonly settings: RunSettings;
}

function wholeNumber(flag: string, text: string, max: number, example: number): number {
  const value = Number(text);
  if (Number.isInteger(value) && value >= 1 && value <= max) return value;
  throw new Error(
    `--${flag} '${text}' must be a whole number from 1 to ${max}, e.g. --${flag} ${example}`,
  );
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      toxiproxy: { type: 'string', default: 'toxiproxy-server' },
      'duration-s': { type: 'string', default: '2' },
      rounds: { type: 'string', default: '3' },
      out: { type: 'string', default: '.tmp/bench/results.json' },
    },
  });
  const settings: RunSettings = {
    durationS: wholeNumber('duration-s', values['duration-s'], 30, 2),
    rounds: wholeNumber('rounds', values.rounds, 10, 3),
    warmupS: 1,
    connections: 50,
  };
  return { toxiproxy: values.toxiproxy, out: values.out, settings };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = readOptions();
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const { toxiproxy: toxiproxyBinary, settings } = options;
  const problems = await preflight(toxiproxyBinary);
  if (problems.length > 0) {
    say(`cannot run:\n  ${problems.join('\n  ')}`);
    return 2;
  }
  const results: Results = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    machine: await describeMachine(toxiproxyBinary),
    settings: {
      ...settings,
      loadResetMs: LOAD_RESET_MS,
      precisionResetMs: PRECISION_RESET_MS,
      bursts: BURSTS.join(','),
      concurrent: `relay ${CONCURRENT.relay}, destroy ${CONCURRENT.destroy}`,
    },
    contenders: [],
    startup: {},
    concurrent: [],
    precision: [],
    aborted: null,
    leftovers: [],
  };
  const lab = await Lab.create();
  const release = onSignals(lab);
  try {
    await measureAll(lab, results, toxiproxyBinary, settings);
  } catch (error) {
    results.aborted = error instanceof Error ? error.message : String(error);
  } finally {
    results.leftovers.push(...(await lab.close()));
    release();
  }
  results.finishedAt = new Date().toISOString();
  results.machine['loadAverageAtEnd'] = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${render(results)}figures as JSON: ${out}\n`);
  return problemCount(results) === 0 ? 0 : 1;
}

process.exitCode = await main();
