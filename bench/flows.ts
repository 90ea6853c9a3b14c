import { TCP_ACK, TCP_RST, TCP_SYN, type TcpPacket } from './pcap.js';

/**
 * Reset timing per connection, from a capture on the client's side of the wire:
 * the server's SYN-ACK is when the connection exists for the client, the server's RST is
 * when it ends; error = t_RST − t_SYNACK − RESET_TIMEOUT. The client's first data packet
 * is kept too, because toxiproxy's reset_peer timer starts there, not at accept.
 */

interface FlowTimes {
  synAckMs?: number;
  firstDataMs?: number;
  rstMs?: number;
}

export interface FlowAnalysis {
  /** Connections seen (a SYN-ACK or anything else from the server port). */
  readonly flows: number;
  readonly withSynAck: number;
  readonly withRst: number;
  /** t_RST − t_SYNACK − timeout, ms, one per flow that has both. */
  readonly errorsFromSynAckMs: number[];
  /** t_RST − t_firstClientData − timeout, ms. */
  readonly errorsFromFirstDataMs: number[];
}

function isSynAck(flags: number): boolean {
  return (flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
}

/** Groups by the client's port (one client address per capture) and times each flow. */
export function analyzeFlows(
  packets: readonly TcpPacket[],
  serverPort: number,
  timeoutMs: number,
): FlowAnalysis {
  const flows = new Map<number, FlowTimes>();
  const flowOf = (port: number) => {
    let flow = flows.get(port);
    if (flow === undefined) {
      flow = {};
      flows.set(port, flow);
    }
    return flow;
  };
  for (const packet of packets) {
    if (packet.srcPort === serverPort) {
      const flow = flowOf(packet.dstPort);
      if (isSynAck(packet.flags)) flow.synAckMs ??= packet.atMs;
      if ((packet.flags & TCP_RST) !== 0) flow.rstMs ??= packet.atMs;
    } else if (packet.dstPort === serverPort && packet.payloadBytes > 0) {
      flowOf(packet.srcPort).firstDataMs ??= packet.atMs;
    }
  }
  const all = [...flows.values()];
  const late = (from: number | undefined, rst: number | undefined) =>
    from === undefined || rst === undefined ? [] : [rst - from - timeoutMs];
  return {
    flows: all.length,
    withSynAck: all.filter((f) => f.synAckMs !== undefined).length,
    withRst: all.filter((f) => f.rstMs !== undefined).length,
    errorsFromSynAckMs: all.flatMap((f) => late(f.synAckMs, f.rstMs)),
    errorsFromFirstDataMs: all.flatMap((f) => late(f.firstDataMs, f.rstMs)),
  };
}
