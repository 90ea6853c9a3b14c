/**
 * The proxy-container fields of a `status` line (ADR 0140): what `docker inspect` says of a
 * target's proxy, so a crash that docker's on-failure restart covered is still seen.
 */

export const CONTAINER_ID = /^[0-9a-f]{12,64}$/;

export const count = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export interface ProxyContainer {
  readonly id: string;
  /** Docker's RestartCount: each one is a crash that `--restart on-failure` covered. */
  readonly restarts: number;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** The last exit (epoch ms); undefined when the container never exited. */
  readonly finishedAtMs: number | undefined;
}

/** Docker's time format (always UTC); its zero value means "never". */
const DOCKER_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

function dockerTime(value: unknown): number | undefined {
  const match = typeof value === 'string' ? DOCKER_TIME.exec(value) : null;
  if (match === null || match[1]?.startsWith('0001-') === true) return undefined;
  const ms = Date.parse(`${match[1] ?? ''}.${(match[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The proxy fields of a status line; undefined unless all of them are valid. */
export function proxyContainerOf(
  line: Readonly<Record<string, unknown>>,
): ProxyContainer | undefined {
  const id = line['proxy'];
  const { restarts, exitCode, oomKilled } = line;
  const validExit = typeof exitCode === 'number' && Number.isSafeInteger(exitCode);
  if (
    typeof id !== 'string' ||
    !CONTAINER_ID.test(id) ||
    !count(restarts) ||
    !validExit ||
    typeof oomKilled !== 'boolean'
  ) {
    return undefined;
  }
  return { id, restarts, exitCode, oomKilled, finishedAtMs: dockerTime(line['finishedAt']) };
}
