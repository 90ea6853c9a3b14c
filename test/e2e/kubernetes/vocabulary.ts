// What a run writes, in the words of REFERENCE.md §2 and ADRs 0060/0062: the events of each
// phase and verdict, probe statuses, and the exit code check with the run's own output.
import type { RunResult } from '../executor/cli.js';
import type { ExpectedEvent } from './expectations.js';
import { EXPERIMENT, type Json } from './litmus.js';

/** The exit code, with the end of the run's output when it is not the expected one. */
export function expectExit(result: RunResult, code: number): void {
  if (result.code === code) return;
  const tail = result.lines.slice(-12).map((line) => JSON.stringify(line));
  throw new Error(
    `exit ${String(result.code)}, expected ${code}; last log lines:\n${tail.join('\n')}\nstderr: ${result.stderr.slice(-2000)}`,
  );
}

export const passed = (target: string): Json => ({
  verdict: 'Passed',
  description: `GET ${target}: status actual 200, expected == 200`,
});
export const reset = (target: string): string =>
  `GET ${target}: ECONNRESET (connection reset by peer)`;
export const NOT_EVALUATED = {
  verdict: 'N/A',
  description: 'Either probe is not executed or not evaluated',
};

const ev = (
  reason: string,
  type: 'Normal' | 'Warning',
  message: string,
  on: ExpectedEvent['on'],
): ExpectedEvent => ({ reason, type, message, on });

export const AWAITED = ev(
  'Awaited',
  'Normal',
  `experiment: ${EXPERIMENT}, Result: Awaited`,
  'ChaosResult',
);
export const PRE = ev('PreChaosCheck', 'Normal', 'running the pre-chaos checks', 'ChaosEngine');
export const INJECT = ev(
  'ChaosInject',
  'Normal',
  `Injecting ${EXPERIMENT} chaos on 2 target(s) (step 1 of 1)`,
  'ChaosEngine',
);
export const POST = ev('PostChaosCheck', 'Normal', 'post-chaos checks done', 'ChaosEngine');

const WORDS = { Pass: 'Passed', Fail: 'Failed', Stopped: 'Stopped', Error: 'Errored' } as const;

/** `Pass`/`Fail`/`Stopped`/`Error` on the result: "<experiment> experiment has been Passed". */
export const verdictEvent = (verdict: keyof typeof WORDS): ExpectedEvent =>
  ev(
    verdict,
    verdict === 'Pass' ? 'Normal' : 'Warning',
    `${EXPERIMENT} experiment has been ${WORDS[verdict]}`,
    'ChaosResult',
  );

/** The Summary on the engine, with the evidence counts when the fault was injected. */
export const summary = (verdict: string, evidence: Json | undefined): ExpectedEvent =>
  ev(
    'Summary',
    verdict === 'Pass' ? 'Normal' : 'Warning',
    `experiment: ${EXPERIMENT}, Result: ${verdict}${evidence === undefined ? '' : `, connections: ${String(evidence['connections'])}, resets: ${String(evidence['resets'])}`}`,
    'ChaosEngine',
  );

export const ABORT = ev(
  'Abort',
  'Warning',
  `${EXPERIMENT} experiment has been aborted (SIGTERM)`,
  'ChaosResult',
);
