import type { ExecProgram } from '../netfilter/tools.js';

/**
 * A connection that ends with a reset leaves a conntrack entry in state CLOSE for 10 s,
 * and a client that reuses its exact address and port within those 10 s reopens that
 * entry instead of making a new one (measured on this kernel). For the destroy mechanism
 * the reopened connection gives no NEW event and would go unseen. For the relay the entry
 * still carries the REDIRECT to the proxy port: once the proxy is gone (SIGKILL, or the
 * window's end where another nat rule keeps conntrack on) that client is refused. So after
 * resets the matching CLOSE entries (dead connections only) are deleted: one
 * `conntrack -D` at a time, at most every SWEEP_EVERY_MS (docs/decisions/0130, 0131).
 * Without `-f`, conntrack-tools 1.4.7 deletes IPv4 and IPv6 entries alike (measured).
 */
const SWEEP_EVERY_MS = 250;

export class CloseSweeper {
  sweeps = 0;
  failures = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private lastStart = Number.NEGATIVE_INFINITY;

  /** `filter`: conntrack's tuple options for the entries this fault made, e.g. `--dport 8080`. */
  constructor(
    private readonly conntrack: string,
    private readonly filter: readonly string[],
    private readonly run: ExecProgram,
  ) {}

  request(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    const wait = Math.max(0, this.lastStart + SWEEP_EVERY_MS - performance.now());
    const swept = new Promise((resolve) => setTimeout(resolve, wait)).then(async () => {
      this.lastStart = performance.now();
      await this.sweep(['--state', 'CLOSE']);
    });
    this.running = swept.finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
  }

  async settle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /**
   * Every entry of the filter, whatever its state: for the window's end, once no
   * connection of the fault is open any more. Says whether conntrack did it.
   */
  async forgetAll(): Promise<boolean> {
    await this.settle();
    return this.sweep([]);
  }

  private async sweep(state: readonly string[]): Promise<boolean> {
    const args = ['-D', '-p', 'tcp', ...this.filter, ...state];
    const result = await this.run(this.conntrack, args);
    this.sweeps += 1;
    // Exit 1 with "0 flow entries" only says there was nothing to delete.
    if (result.code === 0 || /0 flow entries/.test(result.stderr)) return true;
    this.failures += 1;
    return false;
  }
}
