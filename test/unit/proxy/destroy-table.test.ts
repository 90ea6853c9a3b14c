import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { KillResult } from '../../../src/proxy/destroy/killer.js';
import { DestroyTable } from '../../../src/proxy/destroy/table.js';
import { tupleKey, type NewEvent, type Tuple } from '../../../src/proxy/destroy/tuples.js';

const START = Date.UTC(2026, 11, 5, 12, 0, 0);

function event(
  remotePort: number,
  atMs: number,
  overrides: Partial<Tuple> = {},
  state = 'SYN_SENT',
): NewEvent {
  return {
    atMs,
    state,
    tuple: {
      localAddress: '10.0.0.2',
      localPort: 8080,
      remoteAddress: '10.0.0.9',
      remotePort,
      ...overrides,
    },
  };
}

function table(
  options: { toxicity?: number; random?: () => number; resetTimeoutMs?: number } = {},
) {
  const kills: { at: number; ports: number[] }[] = [];
  let alive: (tuple: Tuple) => boolean = () => true;
  const kill = (tuples: readonly Tuple[]): Promise<KillResult> => {
    kills.push({ at: Date.now(), ports: tuples.map((t) => t.remotePort) });
    return Promise.resolve({
      killed: new Set(tuples.filter((t) => alive(t)).map(tupleKey)),
      error: undefined,
    });
  };
  const t = new DestroyTable(
    {
      targetPort: 8080,
      resetTimeoutMs: options.resetTimeoutMs ?? 1000,
      toxicity: options.toxicity ?? 100,
      random: options.random ?? (() => 0.5),
      now: () => Date.now(),
      deadlineMs: START + 10_000,
      interfaceAddresses: new Set(['10.0.0.2']),
      ownAddresses: new Set(['10.0.0.2', '127.0.0.1']),
    },
    kill,
  );
  return { t, kills, setAlive: (f: (tuple: Tuple) => boolean) => (alive = f) };
}

beforeEach(() => {
  jest.useFakeTimers({ now: START });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('the destroy schedule', () => {
  it('destroys RESET_TIMEOUT after the SYN, batching what falls due together', async () => {
    const { t, kills } = table();
    t.open(new Set());
    t.learn(event(1, START + 0.2));
    t.learn(event(2, START + 0.7));
    t.learn(event(3, START + 400));
    await jest.advanceTimersByTimeAsync(999);
    expect(kills).toEqual([]);
    await jest.advanceTimersByTimeAsync(2);
    expect(kills).toEqual([{ at: START + 1001, ports: [1, 2] }]);
    await jest.advanceTimersByTimeAsync(400);
    expect(kills.at(-1)).toEqual({ at: START + 1400, ports: [3] });
    await t.disarm();
    expect(t.counters).toMatchObject({ connections: 3, resets: 3, passedThrough: 0, active: 0 });
  });

  it('leaves alone what was open, what came from inside, other ports and mid-stream pickups', async () => {
    const { t, kills } = table({ resetTimeoutMs: 0 });
    t.learn(event(5, START)); // held until the window opens
    t.open(new Set([tupleKey(event(5, START).tuple)]));
    t.learn(event(6, START, { remoteAddress: '127.0.0.1' }));
    t.learn(event(7, START, { localPort: 9090 }));
    t.learn(event(8, START, { localAddress: '172.17.0.5' }));
    t.learn(event(9, START, {}, 'ESTABLISHED'));
    await jest.advanceTimersByTimeAsync(100);
    expect(kills).toEqual([]);
    expect(t.counters.connections).toBe(0);
    expect(t.figures).toMatchObject({ preExisting: 1, pickedUpMidStream: 1 });
  });

  it('draws TOXICITY per connection and counts what ended before its time', async () => {
    const draws = [0.1, 0.9, 0.3];
    const { t, kills, setAlive } = table({ toxicity: 50, random: () => draws.shift() ?? 0 });
    setAlive((tuple) => tuple.remotePort !== 3);
    t.open(new Set());
    for (const port of [1, 2, 3]) t.learn(event(port, START));
    await jest.advanceTimersByTimeAsync(1000);
    expect(kills).toEqual([{ at: START + 1000, ports: [1, 3] }]);
    expect(t.counters).toMatchObject({ connections: 3, resets: 1, passedThrough: 1 });
    expect(t.figures.endedBeforeReset).toBe(1);
  });

  it('after lost events, catches up with what is open, late but never early, once', async () => {
    const { t, kills } = table();
    t.open(new Set([tupleKey(event(9, START).tuple)]));
    t.learn(event(1, START));
    await jest.advanceTimersByTimeAsync(300);
    // Open now: 1 (learned), 9 (from before), 2 (its event was lost), 3 (another port).
    const open = [1, 9, 2].map((port) => event(port, START).tuple);
    t.catchUp([...open, event(3, START, { localPort: 9090 }).tuple]);
    // 2's event was only late after all: it must not count twice.
    t.learn(event(2, START + 100));
    await jest.advanceTimersByTimeAsync(2000);
    expect(kills).toEqual([
      { at: START + 1000, ports: [1] },
      { at: START + 1300, ports: [2] },
    ]);
    expect(t.counters.connections).toBe(2);
    expect(t.figures.caughtUp).toBe(1);
  });

  it('after a run that found every chosen connection gone, waits a little before the next', async () => {
    const { t, kills, setAlive } = table();
    setAlive(() => false);
    t.open(new Set());
    for (const [port, at] of [
      [1, 0],
      [2, 0.5],
      [3, 1.5],
      [4, 2.5],
    ] as const)
      t.learn(event(port, START + at));
    await jest.advanceTimersByTimeAsync(1000 + 30);
    // Each futile run widens the pause (1, 3, 7 ms…), taking effect from the next tick.
    expect(kills.map((k) => [k.at - START, k.ports])).toEqual([
      [1000, [1]],
      [1001, [2]],
      [1002, [3]],
      [1005, [4]],
    ]);
  });

  it('destroys nothing at or after the deadline, nor after disarm', async () => {
    const { t, kills } = table();
    t.open(new Set());
    t.learn(event(1, START + 9_500));
    t.learn(event(2, START + 8_000));
    await t.disarm();
    await jest.advanceTimersByTimeAsync(20_000);
    expect(kills).toEqual([]);
    const late = table();
    late.t.open(new Set());
    late.t.learn(event(3, START + 9_500));
    await jest.advanceTimersByTimeAsync(20_000);
    expect(late.kills).toEqual([]);
  });
});
