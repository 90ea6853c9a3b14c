import type { ExecProgram } from '../../netfilter/tools.js';

/**
 * A connection the fault destroyed leaves a conntrack entry in state CLOSE for 10 s. A
 * client that reuses its exact address and port within that time reopens that entry, and
 * conntrack then reports no NEW event: the new connection would go unseen. So after each
 * kill, the port's CLOSE entries (dead connections only) are deleted: one `conntrack -D`
 * at a time, at most every SWEEP_EVERY_MS (docs/decisions/0131).
 */
const SWEEP_EVERY_MS = 250;

export class CloseSweeper {
  sweeps = 0;
  failures = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly conntrack: string,
    private readonly port: number,
    private readonly run: ExecProgram,
  ) {}

  request(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    const wait = Math.max(0, this.lastStart + SWEEP_EVERY_MS - performance.now());
    this.running = new Promise((resolve) => setTimeout(resolve, wait)).then(() => {
      this.lastStart = performance.now();
      return this.sweep();
    });
    this.running = this.running.finally(() => {
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

  private async sweep(): Promise<void> {
    const args = ['-D', '-p', 'tcp', '--dport', String(this.port), '--state', 'CLOSE'];
    const result = await this.run(this.conntrack, args);
    this.sweeps += 1;
    // Exit 1 with "0 flow entries" only says there was nothing to delete.
    if (result.code !== 0 && !/0 flow entries/.test(result.stderr)) this.failures += 1;
  }
}
