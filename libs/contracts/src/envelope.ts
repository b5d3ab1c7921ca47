import { IsISO8601, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Min } from 'class-validator';

/**
 * The envelope of every event on the public topics. The payload is the Lago JSON object
 * (snake_case), exactly as the HTTP API returns it.
 */
export class EventEnvelope<P = unknown> {
  /** Unique id of this event; consumers deduplicate on it. */
  @IsUUID()
  event_id!: string;

  /** Lago-style event type, e.g. `customer.upserted`. */
  @IsString()
  @IsNotEmpty()
  event_type!: string;

  /** Version of the payload schema for this event type. */
  @IsInt()
  @Min(1)
  event_version!: number;

  /** When the producer committed the change (ISO-8601 UTC). */
  @IsISO8601()
  occurred_at!: string;

  /** Organization the event belongs to. */
  @IsUUID()
  organization_id!: string;

  /**
   * The organization's name, when the producer had it (events written for an API request): the
   * webhooks service words its emails with it. Absent otherwise.
   */
  @IsOptional()
  @IsString()
  organization_name?: string;

  /**
   * The type of the event that caused this one, when the producer reacted to another service's
   * event rather than to an API request (e.g. `customer.upserted` caused by
   * `customer.payment_provider_created`). Absent otherwise.
   */
  @IsOptional()
  @IsString()
  caused_by?: string;

  /** Name of the producing service. */
  @IsString()
  producer!: string;

  /** Id tying the event to the request or event that caused it. */
  @IsOptional()
  @IsString()
  correlation_id!: string | null;

  /** The Lago object. */
  @IsObject()
  payload!: P;
}

/** Kafka header carrying the event type, so subscribers can filter without parsing the value. */
export const EVENT_TYPE_HEADER = 'x-event-type';
/** Kafka header carrying the event id. */
export const EVENT_ID_HEADER = 'x-event-id';
