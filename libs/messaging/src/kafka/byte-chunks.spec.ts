import { chunksWithin, valueBytes } from './byte-chunks';

describe('chunksWithin', () => {
  const length = (s: string) => s.length;

  it('keeps everything in one run when it fits, in order', () => {
    expect(chunksWithin(['1', '2', '3'], length, 10)).toEqual([['1', '2', '3']]);
  });

  it('cuts runs at maxBytes, and a larger item still goes, alone', () => {
    expect(chunksWithin(['x', '123456', '7890', 'way over ten bytes', 'z'], length, 10)).toEqual([['x', '123456'], ['7890'], ['way over ten bytes'], ['z']]);
  });

  it('has no run for no items', () => {
    expect(chunksWithin([], length, 10)).toEqual([]);
  });
});

describe('valueBytes', () => {
  it('counts a string value in UTF-8 bytes, a buffer by its length, and no value as 0', () => {
    expect(valueBytes({ value: 'é' })).toBe(2);
    expect(valueBytes({ value: Buffer.alloc(5) })).toBe(5);
    expect(valueBytes({ value: null })).toBe(0);
  });
});
