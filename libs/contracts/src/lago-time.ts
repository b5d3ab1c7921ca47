/** Lago's timestamp format in API objects and events: ISO-8601 UTC to the second, with `Z`. */
export const lagoTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
