import { EventEmitter } from 'node:events';
import type { Clock } from './clock.js';

/** An immutable entry in the audit trail. */
export interface DomainEvent {
  /** 1-based, gap-free sequence number; the total order of the log. */
  readonly seq: number;
  /** ISO-8601 timestamp taken from the injected clock. */
  readonly at: string;
  /** Dotted event type, e.g. `order.created`, `stock.reserved`. */
  readonly type: string;
  /** Id of the thing the event is about (order id, SKU, coupon code). */
  readonly aggregateId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type EventListener = (event: DomainEvent) => void;

/**
 * Append-only event log used as the audit trail. Listeners are notified
 * synchronously after the event is stored, so a throwing listener cannot
 * make the log lose an event.
 */
export class EventLog {
  private readonly events: DomainEvent[] = [];
  private readonly emitter = new EventEmitter();

  constructor(private readonly clock: Clock) {}

  /** Appends an event and returns the stored (frozen) copy. */
  append(type: string, aggregateId: string, data: Record<string, unknown> = {}): DomainEvent {
    const event: DomainEvent = Object.freeze({
      seq: this.events.length + 1,
      at: this.clock.now().toISOString(),
      type,
      aggregateId,
      data: Object.freeze({ ...data }),
    });
    this.events.push(event);
    this.emitter.emit('event', event);
    return event;
  }

  /** Registers a listener; returns a function that unsubscribes it. */
  subscribe(listener: EventListener): () => void {
    this.emitter.on('event', listener);
    return () => {
      this.emitter.off('event', listener);
    };
  }

  /** All events in sequence order. */
  all(): DomainEvent[] {
    return [...this.events];
  }

  /** Events about one aggregate, in sequence order. */
  forAggregate(aggregateId: string): DomainEvent[] {
    return this.events.filter((e) => e.aggregateId === aggregateId);
  }

  /**
   * Events of a type. A trailing `.*` matches a whole family,
   * e.g. `order.*` matches `order.created` but not `orders.x` or `order`.
   */
  ofType(type: string): DomainEvent[] {
    if (type.endsWith('.*')) {
      const prefix = type.slice(0, -1);
      return this.events.filter((e) => e.type.startsWith(prefix));
    }
    return this.events.filter((e) => e.type === type);
  }

  /** Events strictly after `seq` (use the last seen seq to poll for new ones). */
  since(seq: number): DomainEvent[] {
    // seq is 1-based and gap-free, so it maps directly onto an array index.
    return this.events.slice(Math.max(0, seq));
  }

  /**
   * Human-readable audit lines for an aggregate, oldest first:
   * `#3 2024-01-01T10:00:00.000Z order.reserved {"lines":2}`.
   */
  auditTrail(aggregateId: string): string[] {
    return this.forAggregate(aggregateId).map(
      (e) => `#${e.seq} ${e.at} ${e.type} ${JSON.stringify(e.data)}`,
    );
  }
}
