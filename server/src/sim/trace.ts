/**
 * The trace of a run: what crossed which service when. Events stream to a listener as they
 * happen, and the first `keep` of them are kept for the sequence diagram, so a long run holds a
 * fixed number of events. Components check `active` before they build an event, so a run nobody
 * traces allocates nothing for it.
 */

export type TraceKind =
  | 'request'
  | 'reject'
  | 'call'
  | 'reply'
  | 'retry'
  | 'timeout'
  | 'breaker'
  | 'response'
  | 'send'
  | 'enqueue'
  | 'queue-full'
  | 'backpressure'
  | 'deliver'
  | 'ack'
  | 'redeliver'
  | 'dead-letter'
  | 'dropped'
  | 'reply-timeout'
  | 'late-reply'
  | 'limit'
  | 'cycle';

export interface TraceEvent {
  /** The event's number in the run, from 0. */
  readonly seq: number;
  /** Virtual time in milliseconds from the start of the flow. */
  readonly timeMs: number;
  readonly kind: TraceKind;
  /** The lifeline the arrow starts at: 'client', 'gateway', a service or 'queue:NAME'. */
  readonly from: string;
  /** The lifeline the arrow ends at; equal to `from` for an event on one lifeline. */
  readonly to: string;
  /** The route, message or policy the event is about. */
  readonly label: string;
  /** The correlation id of the request or message. */
  readonly id: number;
  /** The attempt or delivery number, from 1, where it applies. */
  readonly attempt?: number;
  /** The outcome, such as '200', '503', 'timeout' or 'open'. */
  readonly outcome?: string;
  /** Extra facts in words, such as 'wait 84 ms'. */
  readonly detail?: string;
  /** An index into the plan's sources: the contract line the event comes from. */
  readonly source: number;
}

export type TraceListener = (event: TraceEvent) => void;

export class TraceRecorder {
  readonly kept: TraceEvent[] = [];
  /** Whether the next event is kept or streamed; false once `keep` are kept and none streams. */
  active: boolean;
  /** Events emitted, kept or not. */
  emitted = 0;

  constructor(
    private readonly keep: number,
    private readonly listener: TraceListener | undefined,
  ) {
    this.active = keep > 0 || listener !== undefined;
  }

  emit(event: Omit<TraceEvent, 'seq'>): void {
    const full = { seq: this.emitted++, ...event } as TraceEvent;
    if (this.kept.length < this.keep) this.kept.push(full);
    this.listener?.(full);
    this.active = this.listener !== undefined || this.kept.length < this.keep;
  }
}
