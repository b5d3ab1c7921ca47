import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { EventEnvelope } from '@app/contracts';

/** The outcome of reading a consumed message as an event. */
export type ParsedEvent<P> =
  | { kind: 'event'; envelope: EventEnvelope<P> }
  | { kind: 'ignored'; eventType: string }
  | { kind: 'invalid'; reason: string };

/**
 * Validates a message value as an `EventEnvelope` and, for the event types the consumer handles,
 * its payload against the contract class. Other event types are `ignored`; anything malformed
 * is `invalid` with a reason fit for the dead-letter header.
 */
export async function parseEvent(raw: unknown, payloadClasses: Record<string, ClassConstructor<object>>): Promise<ParsedEvent<object>> {
  let value = raw;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { kind: 'invalid', reason: 'value is not JSON' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'value is not a JSON object' };
  }
  const unsafe = unsafeKeyPath(value);
  if (unsafe) return { kind: 'invalid', reason: `value has a ${JSON.stringify(unsafe.at(-1))} key at ${unsafe.slice(0, -1).join('.') || 'its top'}` };
  const envelope = plainToInstance(EventEnvelope, value);
  const envelopeErrors = await validate(envelope, { forbidUnknownValues: false });
  if (envelopeErrors.length > 0) return { kind: 'invalid', reason: `invalid envelope: ${summarize(envelopeErrors)}` };
  const payloadClass = payloadClasses[envelope.event_type];
  if (!payloadClass) return { kind: 'ignored', eventType: envelope.event_type };
  const payloadErrors = await validate(plainToInstance(payloadClass, envelope.payload), { forbidUnknownValues: false });
  if (payloadErrors.length > 0) return { kind: 'invalid', reason: `invalid ${envelope.event_type} payload: ${summarize(payloadErrors)}` };
  // Handlers get the plain payload: it is the Lago JSON object and is stored as such.
  return { kind: 'event', envelope: envelope as EventEnvelope<object> };
}

/**
 * The path to the first own `constructor` or `__proto__` key in a decoded JSON value. class-transformer
 * 0.5.1 takes an object's own `constructor` for the class to build (and throws, or validates
 * nothing), and copies `__proto__` as the prototype: such a message would escape validation or
 * crash the consumer on every delivery instead of being parked. Every consumed event is walked,
 * so the path is only built on the way back from a find.
 */
function unsafeKeyPath(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key === 'constructor' || key === '__proto__') return [key];
    const found = unsafeKeyPath((value as Record<string, unknown>)[key]);
    if (found) return [key, ...found];
  }
  return undefined;
}

function summarize(errors: ValidationError[]): string {
  return errors.map((e) => `${e.property} (${Object.keys(e.constraints ?? {}).join(', ') || 'nested'})`).join(', ');
}
