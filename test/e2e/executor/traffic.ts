import { request } from 'node:http';

/** One request's fate, at the time it ended. */
export interface Attempt {
  readonly atMs: number;
  readonly outcome: 'ok' | 'reset' | 'error';
  readonly detail: string;
}

function once(url: string, timeoutMs: number): Promise<Omit<Attempt, 'atMs'>> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => {
        resolve({
          outcome: response.statusCode === 200 ? 'ok' : 'error',
          detail: String(response.statusCode),
        });
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        resolve({
          outcome: error.code === 'ECONNRESET' ? 'reset' : 'error',
          detail: error.message,
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({
        outcome: error.code === 'ECONNRESET' ? 'reset' : 'error',
        detail: `${error.code ?? ''} ${error.message}`,
      });
    });
    req.end();
  });
}

/**
 * A client of one task: a GET on a fresh connection every `everyMs`, each outcome kept
 * with its time. Bounded: it stops by itself after `maxMs`.
 */
export class Client {
  readonly attempts: Attempt[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(
    readonly url: string,
    everyMs = 100,
    maxMs = 180_000,
  ) {
    this.done = this.loop(everyMs, Date.now() + maxMs);
  }

  private async loop(everyMs: number, endMs: number): Promise<void> {
    while (this.running && Date.now() < endMs) {
      const result = await once(this.url, 2_000);
      this.attempts.push({ atMs: Date.now(), ...result });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  between(fromMs: number, toMs: number): Attempt[] {
    return this.attempts.filter((attempt) => attempt.atMs >= fromMs && attempt.atMs < toMs);
  }

  count(outcome: Attempt['outcome'], fromMs = 0, toMs = Number.POSITIVE_INFINITY): number {
    return this.between(fromMs, toMs).filter((attempt) => attempt.outcome === outcome).length;
  }
}
