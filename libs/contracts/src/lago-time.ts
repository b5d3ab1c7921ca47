/** Lago's timestamp format in API objects and events: ISO-8601 UTC to the second, with `Z`. */
export const lagoTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO 8601 date or date-time as Ruby's `DateTime.iso8601` accepts it; a value without an
 * offset is UTC. Impossible dates (Feb 30, hour 25) are refused rather than rolled over.
 */
export function parseIso8601(text: string): Date | null {
  const value = text.trim();
  const date = ISO_DATE.exec(value);
  const full = date ? null : ISO_DATETIME.exec(value);
  const parts = date ?? full;
  if (!parts) return null;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const [hour, minute, second] = full ? [Number(full[4]), Number(full[5]), Number(full[6] ?? 0)] : [0, 0, 0];
  const millis = full?.[7] ? Number(`0.${full[7]}`) * 1000 : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const zone = full?.[8];
  if (!zone || zone === 'Z') return check;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  if (offsetMinutes > 18 * 60) return null;
  return new Date(utc - sign * offsetMinutes * 60_000);
}
