import { availableParallelism, loadavg } from 'node:os';
import { run } from '../test/support/netns.js';

/** What the figures were measured on: they only compare within one run on one machine. */

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? '?';

async function versionOf(file: string, args: readonly string[]): Promise<string> {
  const result = await run(file, args, 10_000);
  return firstLine(result.stdout + result.stderr);
}

export async function describeMachine(toxiproxy: string): Promise<Record<string, string | number>> {
  return {
    cpus: availableParallelism(),
    kernel: await versionOf('uname', ['-r']),
    node: process.version,
    haproxy: await versionOf('haproxy', ['-v']),
    wrk: await versionOf('wrk', ['-v']),
    iperf3: await versionOf('iperf3', ['-v']),
    tcpdump: await versionOf('tcpdump', ['--version']),
    toxiproxy: await versionOf(toxiproxy, ['-version']),
    loadAverageAtStart: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

/** Every tool and condition the bench needs, checked before anything is created. */
export async function preflight(toxiproxy: string): Promise<string[]> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0)
    problems.push('run as root (network namespaces, iptables, tcpdump)');
  if (availableParallelism() < 2)
    problems.push('needs 2 CPUs: one for server and relays, one for load');
  for (const tool of [
    'ip',
    'iptables',
    'taskset',
    'wrk',
    'iperf3',
    'haproxy',
    'tcpdump',
    'curl',
    'ss',
  ]) {
    const found = await run('sh', ['-c', 'command -v "$1"', 'sh', tool], 5000);
    if (found.code !== 0) problems.push(`${tool} is not installed (make bench installs it)`);
  }
  if ((await run(toxiproxy, ['-version'], 5000)).code !== 0) {
    problems.push(`toxiproxy-server '${toxiproxy}' does not run (make tool-toxiproxy builds it)`);
  }
  return problems;
}
