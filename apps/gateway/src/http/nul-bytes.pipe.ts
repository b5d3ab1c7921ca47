import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** `value` with the NUL characters of every string in it removed (arrays and objects walked, keys kept). */
export function withoutNulBytes(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
  if (Array.isArray(value)) return value.map(withoutNulBytes);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withoutNulBytes(v)]));
  return value;
}

/**
 * Path and query parameters lose their NUL characters, as body scalars do (`lagoScalar`, Rails'
 * strong parameters). PostgreSQL's protocol cannot carry a NUL in text: `/customers/%00` reached the
 * owner's query and came back as a 503 (SQLSTATE 08P01 reads as a connection failure).
 */
@Injectable()
export class StripNulBytesPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' || metadata.type === 'query' ? withoutNulBytes(value) : value;
  }
}
