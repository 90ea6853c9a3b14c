/**
 * What the person running the demo reads. On a terminal the progress line is redrawn in
 * place under the log; elsewhere (CI, a test reading the output) it is printed as an
 * ordinary line every few seconds.
 */
const PIPE_PROGRESS_EVERY_MS = 3_000;
const segmenter = new Intl.Segmenter();

/** The text cut to fit `width` columns (one per character shown), with an ellipsis. */
function fit(text: string, width: number): string {
  const shown = Array.from(segmenter.segment(text), (part) => part.segment);
  return shown.length < width ? text : `${shown.slice(0, Math.max(0, width - 2)).join('')}…`;
}

export class Output {
  private progressShown = '';
  private lastPipeProgressMs = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly now: () => number = Date.now,
    /** The terminal's width: a progress line longer than it would wrap and not be erased. */
    private readonly columns: () => number | undefined = () => undefined,
  ) {}

  /** One line of the log (the progress line, if any, stays below it). */
  line(text = ''): void {
    if (this.tty && this.progressShown !== '') {
      this.write(`\r\x1b[2K${text}\n${this.progressShown}`);
      return;
    }
    this.write(`${text}\n`);
  }

  /** A stage header: its name in a fixed column, so the log reads as a list of stages. */
  stage(name: string, text: string): void {
    this.line(`[${name}]${' '.repeat(Math.max(1, 10 - name.length))}${text}`);
  }

  /** Replaces the progress line (terminal) or prints it now and then (pipe). */
  progress(text: string): void {
    if (this.tty) {
      this.progressShown = fit(text, this.columns() ?? Number.POSITIVE_INFINITY);
      this.write(`\r\x1b[2K${this.progressShown}`);
      return;
    }
    const now = this.now();
    if (now - this.lastPipeProgressMs < PIPE_PROGRESS_EVERY_MS) return;
    this.lastPipeProgressMs = now;
    this.write(`${text}\n`);
  }

  /** Ends the progress line: what it said last stays on screen. */
  endProgress(): void {
    if (this.tty && this.progressShown !== '') this.write('\n');
    this.progressShown = '';
    this.lastPipeProgressMs = 0;
  }
}

/** "12.3 s" */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A short id for a long one: the first 8 characters of a task id, an instance id as is. */
export const shortTask = (taskId: string): string => taskId.slice(0, 8);

/** Pads a table cell to the left (text) or right (numbers). */
export function cell(value: string | number, width: number): string {
  const text = String(value);
  return typeof value === 'number' ? text.padStart(width) : text.padEnd(width);
}
