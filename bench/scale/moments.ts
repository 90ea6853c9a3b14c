/**
 * The moments of one `run` that the scale figures are measured between, picked out of its
 * JSON log (every line names its phase): credentials known, preflight done, the step's
 * inject started (with its deadline), every proxy ready, every target reverted.
 */
export interface RunLine {
  readonly phase: string;
  readonly message: string;
  readonly timestamp: string;
}

export interface Moments {
  credentialsAt?: number;
  preflightAt?: number;
  /** Selection and the dispatch plan (command sizing) done. */
  selectAt?: number;
  injectAt?: number;
  deadlineAt?: number;
  readyAt?: number;
  revertedAt?: number;
  /** The run's own last word: `finished: <summary>; exit <code>`. */
  finished?: string;
}

const at = (line: RunLine) => Date.parse(line.timestamp);

const MATCHERS: readonly [
  string,
  RegExp,
  (moments: Moments, line: RunLine, m: RegExpExecArray) => void,
][] = [
  ['credentials', /^acting as /, (m, line) => (m.credentialsAt ??= at(line))],
  ['preflight', /RUNNING EC2 task\(s\) on /, (m, line) => (m.preflightAt ??= at(line))],
  ['select', /^selected \d+ of \d+ task\(s\)/, (m, line) => (m.selectAt ??= at(line))],
  [
    'inject',
    /^step 1 of \d+: injecting on \d+ target\(s\) until (\S+)$/,
    (m, line, match) => {
      m.injectAt ??= at(line);
      m.deadlineAt ??= Date.parse(match[1] ?? '');
    },
  ],
  ['chaos', /every proxy is ready; holding the window$/, (m, line) => (m.readyAt ??= at(line))],
  ['revert', /^reverted \d+ target\(s\)$/, (m, line) => (m.revertedAt ??= at(line))],
  ['result', /^finished: /, (m, line) => (m.finished ??= line.message)],
];

export function momentsOf(lines: readonly RunLine[]): Moments {
  const moments: Moments = {};
  for (const line of lines) {
    for (const [phase, pattern, take] of MATCHERS) {
      const match = line.phase === phase ? pattern.exec(line.message) : null;
      if (match !== null) take(moments, line, match);
    }
  }
  return moments;
}

/** Seconds between two moments, or null when either is missing. */
export function secondsBetween(from: number | undefined, to: number | undefined): number | null {
  if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.round((to - from) / 10) / 100;
}

/** The executor's log as phase marks for attribute(). */
export function phaseMarks(lines: readonly RunLine[]): { at: number; phase: string }[] {
  return lines
    .filter((line) => line.phase !== '')
    .map((line) => ({ at: at(line), phase: line.phase }));
}
