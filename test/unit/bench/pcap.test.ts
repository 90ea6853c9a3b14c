import { describe, expect, it } from '@jest/globals';
import { analyzeFlows } from '../../../bench/flows.js';
import { parsePcap, TCP_ACK, TCP_RST, TCP_SYN } from '../../../bench/pcap.js';

const CLIENT = [10, 231, 0, 1];
const SERVER = [10, 231, 0, 2];

interface Spec {
  readonly atUs: number;
  readonly fromServer: boolean;
  readonly clientPort: number;
  readonly flags: number;
  readonly payload?: number;
}

/** One Ethernet + IPv4 + TCP frame as tcpdump writes it, with `payload` bytes of data. */
function frame(spec: Spec): Buffer {
  const payload = spec.payload ?? 0;
  const buf = Buffer.alloc(14 + 20 + 20 + payload);
  buf.writeUInt16BE(0x0800, 12);
  buf[14] = 0x45;
  buf.writeUInt16BE(20 + 20 + payload, 16);
  buf[23] = 6;
  const [src, dst] = spec.fromServer ? [SERVER, CLIENT] : [CLIENT, SERVER];
  Buffer.from(src).copy(buf, 26);
  Buffer.from(dst).copy(buf, 30);
  buf.writeUInt16BE(spec.fromServer ? 8080 : spec.clientPort, 34);
  buf.writeUInt16BE(spec.fromServer ? spec.clientPort : 8080, 36);
  buf[46] = 5 << 4;
  buf[47] = spec.flags;
  return buf;
}

function pcap(specs: readonly Spec[], little = true): Buffer {
  const u32 = (value: number) => {
    const b = Buffer.alloc(4);
    if (little) b.writeUInt32LE(value);
    else b.writeUInt32BE(value);
    return b;
  };
  const header = Buffer.concat([
    Buffer.from(little ? [0xd4, 0xc3, 0xb2, 0xa1] : [0xa1, 0xb2, 0xc3, 0xd4]),
    Buffer.alloc(16),
    u32(1),
  ]);
  const records = specs.map((spec) => {
    const data = frame(spec);
    const seconds = 1_700_000_000 + Math.floor(spec.atUs / 1e6);
    return Buffer.concat([
      u32(seconds),
      u32(spec.atUs % 1e6),
      u32(data.length),
      u32(data.length),
      data,
    ]);
  });
  return Buffer.concat([header, ...records]);
}

const SYNACK = TCP_SYN | TCP_ACK;
const RST = TCP_RST | TCP_ACK;

describe('parsePcap', () => {
  it('reads time, addresses, ports, flags and payload size, in either byte order', () => {
    const specs: Spec[] = [
      { atUs: 1_000, fromServer: false, clientPort: 40000, flags: TCP_SYN },
      { atUs: 1_250, fromServer: true, clientPort: 40000, flags: SYNACK },
      { atUs: 2_000, fromServer: false, clientPort: 40000, flags: TCP_ACK, payload: 1 },
    ];
    for (const little of [true, false]) {
      const packets = parsePcap(pcap(specs, little));
      expect(packets).toHaveLength(3);
      expect(packets[1]).toEqual({
        atMs: 1_700_000_000_001.25,
        src: '10.231.0.2',
        srcPort: 8080,
        dst: '10.231.0.1',
        dstPort: 40000,
        flags: SYNACK,
        payloadBytes: 0,
      });
      expect(packets[2]?.payloadBytes).toBe(1);
    }
  });

  it('refuses what it cannot read rather than returning nothing', () => {
    expect(() => parsePcap(Buffer.alloc(10))).toThrow(/shorter/);
    expect(() => parsePcap(Buffer.alloc(24))).toThrow(/not a pcap/);
    const cooked = pcap([]);
    cooked.writeUInt32LE(228, 20); // raw IPv4
    expect(() => parsePcap(cooked)).toThrow(/link type 228/);
  });

  it('stops at a record cut short by a killed writer', () => {
    const file = pcap([
      { atUs: 1, fromServer: true, clientPort: 1, flags: SYNACK },
      { atUs: 2, fromServer: true, clientPort: 1, flags: RST },
    ]);
    expect(parsePcap(file.subarray(0, file.length - 5))).toHaveLength(1);
  });
});

describe('analyzeFlows', () => {
  it('times each RST from its own SYN-ACK and from the first client byte', () => {
    const packets = parsePcap(
      pcap([
        { atUs: 0, fromServer: true, clientPort: 40001, flags: SYNACK },
        { atUs: 100, fromServer: true, clientPort: 40002, flags: SYNACK },
        { atUs: 3_000, fromServer: false, clientPort: 40001, flags: TCP_ACK, payload: 1 },
        { atUs: 9_000, fromServer: false, clientPort: 40001, flags: TCP_ACK, payload: 5 },
        { atUs: 1_012_000, fromServer: true, clientPort: 40001, flags: RST },
        { atUs: 1_013_000, fromServer: true, clientPort: 40001, flags: RST },
      ]),
    );
    const flows = analyzeFlows(packets, 8080, 1000);
    expect(flows.flows).toBe(2);
    expect(flows.withSynAck).toBe(2);
    expect(flows.withRst).toBe(1);
    expect(flows.errorsFromSynAckMs).toHaveLength(1);
    expect(flows.errorsFromSynAckMs[0]).toBeCloseTo(12, 6);
    expect(flows.errorsFromFirstDataMs[0]).toBeCloseTo(9, 6);
  });
});
