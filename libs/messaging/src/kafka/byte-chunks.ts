import type { Message } from 'kafkajs';

/**
 * What one produce request may carry: the messages of a request that go to one partition form one
 * record batch, which the broker refuses whole past its 1 MB message limit.
 */
export const PRODUCE_REQUEST_BYTES = 512 * 1024;

/** The bytes of a message's value. */
export function valueBytes(message: Message): number {
  const value = message.value;
  return value === null || value === undefined ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/** `items` in order, cut into runs of at most `maxBytes`; an item larger than that is a run of its own. */
export function chunksWithin<T>(items: readonly T[], bytesOf: (item: T) => number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
