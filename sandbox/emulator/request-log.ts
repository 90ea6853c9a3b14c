/**
 * Every request the emulator received, in order, whatever became of it (rejected
 * unsigned, throttled, denied, answered, answer lost). Tests read it to assert what a
 * client sent — including that it sent nothing at all.
 */
export interface RequestRecord {
  seq: number;
  at: number;
  /** ecs, ssm, sts, or unknown when the request named no service we speak. */
  service: string;
  operation: string;
  /** The IAM action, e.g. ssm:SendCommand. */
  action: string;
  accessKeyId: string | undefined;
  principalArn: string | undefined;
  region: string | undefined;
  input: unknown;
  status: number | undefined;
  errorCode: string | undefined;
  /** The operation was performed but its answer was lost on purpose. */
  lost: boolean;
}

export class RequestLog {
  private readonly records: RequestRecord[] = [];

  add(record: Omit<RequestRecord, 'seq'>): RequestRecord {
    const stored = { ...record, seq: this.records.length + 1 };
    this.records.push(stored);
    return stored;
  }

  all(): readonly RequestRecord[] {
    return this.records;
  }

  /** All requests, or those of one action (`ssm:SendCommand`) or operation (`SendCommand`). */
  count(actionOrOperation?: string): number {
    return this.of(actionOrOperation).length;
  }

  of(actionOrOperation?: string): RequestRecord[] {
    if (actionOrOperation === undefined) return [...this.records];
    return this.records.filter(
      (r) => r.action === actionOrOperation || r.operation === actionOrOperation,
    );
  }

  /** Requests per IAM action, e.g. { 'ecs:ListTasks': 3 }. */
  perAction(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.records) counts[record.action] = (counts[record.action] ?? 0) + 1;
    return counts;
  }

  clear(): void {
    this.records.length = 0;
  }
}
