import { describe, expect, it } from '@jest/globals';
import { parseIperf, parseWrk } from '../../../bench/load.js';
import { parseStatCpuS, parseStatus } from '../../../bench/sampler.js';

const WRK = `Running 3s test @ http://10.231.0.2:8080/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.40ms    1.03ms  26.52ms   94.40%
    Req/Sec    36.15k     2.37k   39.19k    80.00%
  Latency Distribution
     50%  812.00us
     75%    1.45ms
     90%    1.78ms
     99%    1.02s
  107934 requests in 3.00s, 14.10MB read
  Socket errors: connect 1, read 1450, write 2, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  35978.12
Transfer/sec:      4.70MB
`;

describe('parseWrk', () => {
  it('reads rate, count, percentiles in any unit, socket errors and non-2xx', () => {
    expect(parseWrk(WRK)).toEqual({
      requestsPerSec: 35978.12,
      p50Ms: 0.812,
      p99Ms: 1020,
      requests: 107934,
      socketErrors: 1456,
      non2xx: 7,
    });
  });

  it('counts no errors when wrk prints no error lines', () => {
    const clean = WRK.replace(/^\s*(Socket errors|Non-2xx).*\n/gm, '');
    expect(parseWrk(clean)).toMatchObject({ socketErrors: 0, non2xx: 0 });
  });

  it('refuses output without the figures (e.g. wrk run without --latency)', () => {
    expect(() => parseWrk(WRK.replace(/^\s*99%.*\n/m, ''))).toThrow(/99% latency/);
    expect(() => parseWrk('unable to connect to 10.231.0.2:8080')).toThrow(/unexpected wrk/);
  });
});

describe('parseIperf', () => {
  it('reads the received throughput in Gbit/s', () => {
    const json = JSON.stringify({ end: { sum_received: { bits_per_second: 9.57e9 } } });
    expect(parseIperf(json)).toBeCloseTo(9.57, 6);
  });

  it('turns an iperf3 error report into an error', () => {
    expect(() => parseIperf(JSON.stringify({ error: 'unable to connect' }))).toThrow(
      /iperf3: unable to connect/,
    );
    expect(() => parseIperf('{}')).toThrow(/sum_received/);
  });
});

describe('/proc parsing', () => {
  it('reads VmRSS in KiB', () => {
    expect(parseStatus('Name:\tnode\nVmHWM:\t 90000 kB\nVmRSS:\t   67072 kB\n')).toBe(67072);
    expect(() => parseStatus('Name:\tzombie\n')).toThrow(/VmRSS/);
  });

  it('sums utime and stime even when the command name holds spaces and parentheses', () => {
    const fields = Array.from({ length: 40 }, (_, i) => String(i + 3));
    fields[11] = '250'; // field 14, utime
    fields[12] = '50'; // field 15, stime
    expect(parseStatCpuS(`1234 (a (b) c) ${fields.join(' ')}`)).toBe(3);
  });

  it("adds the reaped children's time (cutime, cstime) when asked", () => {
    const fields = Array.from({ length: 40 }, () => '0');
    fields[11] = '100';
    fields[13] = '40'; // field 16, cutime
    fields[14] = '60'; // field 17, cstime
    expect(parseStatCpuS(`9 (node) ${fields.join(' ')}`)).toBe(1);
    expect(parseStatCpuS(`9 (node) ${fields.join(' ')}`, true)).toBe(2);
  });

  it('reads RssAnon as well', () => {
    expect(parseStatus('VmRSS:\t 50000 kB\nRssAnon:\t 9000 kB\n', 'RssAnon')).toBe(9000);
  });
});
