/**
 * Just enough of the pcap file format (as tcpdump -w writes it) to time TCP flags:
 * Ethernet or Linux cooked captures, IPv4, TCP. Other packets are skipped.
 */

export interface TcpPacket {
  /** Capture time, ms since the epoch, with the file's sub-ms resolution. */
  readonly atMs: number;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly flags: number;
  readonly payloadBytes: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_LINUX_SLL = 113;
const ETHERTYPE_IPV4 = 0x0800;
const IPPROTO_TCP = 6;

interface Format {
  readonly little: boolean;
  /** Divisor turning the sub-second field into ms. */
  readonly fractionPerMs: number;
  readonly linkType: number;
}

function formatOf(file: Buffer): Format {
  if (file.length < 24) throw new Error('pcap: shorter than its global header');
  const magics: Record<number, Omit<Format, 'linkType'>> = {
    0xa1b2c3d4: { little: false, fractionPerMs: 1e3 },
    0xa1b23c4d: { little: false, fractionPerMs: 1e6 },
    0xd4c3b2a1: { little: true, fractionPerMs: 1e3 },
    0x4d3cb2a1: { little: true, fractionPerMs: 1e6 },
  };
  const found = magics[file.readUInt32BE(0)];
  if (found === undefined) throw new Error('pcap: not a pcap file (pcapng is not supported)');
  const linkType = found.little ? file.readUInt32LE(20) : file.readUInt32BE(20);
  if (linkType !== LINKTYPE_ETHERNET && linkType !== LINKTYPE_LINUX_SLL) {
    throw new Error(`pcap: link type ${linkType} is not supported (Ethernet or Linux cooked)`);
  }
  return { ...found, linkType };
}

function ipv4(frame: Buffer, at: number): string {
  return `${frame[at] ?? 0}.${frame[at + 1] ?? 0}.${frame[at + 2] ?? 0}.${frame[at + 3] ?? 0}`;
}

/** The IPv4 header's offset in a frame, or -1 for anything else. */
function ipOffset(frame: Buffer, linkType: number): number {
  const [typeAt, ipAt] = linkType === LINKTYPE_ETHERNET ? [12, 14] : [14, 16];
  if (frame.length < ipAt + 20 || frame.readUInt16BE(typeAt) !== ETHERTYPE_IPV4) return -1;
  return ipAt;
}

function tcpOf(frame: Buffer, linkType: number, atMs: number): TcpPacket | undefined {
  const ip = ipOffset(frame, linkType);
  if (ip < 0 || frame[ip + 9] !== IPPROTO_TCP) return undefined;
  const ipHeader = ((frame[ip] ?? 0) & 0x0f) * 4;
  const tcp = ip + ipHeader;
  if (frame.length < tcp + 14) return undefined;
  const tcpHeader = (((frame[tcp + 12] ?? 0) >> 4) & 0x0f) * 4;
  return {
    atMs,
    src: ipv4(frame, ip + 12),
    dst: ipv4(frame, ip + 16),
    srcPort: frame.readUInt16BE(tcp),
    dstPort: frame.readUInt16BE(tcp + 2),
    flags: frame[tcp + 13] ?? 0,
    payloadBytes: Math.max(0, frame.readUInt16BE(ip + 2) - ipHeader - tcpHeader),
  };
}

/** Every IPv4 TCP packet of a pcap file, in file order. */
export function parsePcap(file: Buffer): TcpPacket[] {
  const format = formatOf(file);
  const u32 = (at: number) => (format.little ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const packets: TcpPacket[] = [];
  let at = 24;
  while (at + 16 <= file.length) {
    const atMs = u32(at) * 1000 + u32(at + 4) / format.fractionPerMs;
    const captured = u32(at + 8);
    const frame = file.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    if (frame.length < captured) break; // a record cut short by a killed writer
    const packet = tcpOf(frame, format.linkType, atMs);
    if (packet !== undefined) packets.push(packet);
  }
  return packets;
}
