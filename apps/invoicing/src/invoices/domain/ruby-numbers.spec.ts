import {
  addExact,
  exactFromFloat,
  exactInteger,
  exactToFloat,
  isBlank,
  multiplyExact,
  roundHalfAwayFromZero,
  roundHalfAwayFromZeroTo,
  rubyStringToFloat,
} from './ruby-numbers';

describe('roundHalfAwayFromZero (Ruby Float#round)', () => {
  it.each([
    [0.5, 1],
    [1.5, 2],
    [2.5, 3], // banker's rounding gives 2
    [-0.5, -1],
    [-2.5, -3], // Math.round gives -2
    [2.4999999999999996, 2],
    [0.49999999999999994, 0],
    [832.5, 833],
    [-1.4, -1],
  ])('%p → %p', (value, rounded) => {
    expect(roundHalfAwayFromZero(value)).toBe(rounded);
  });

  it('never returns -0', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.4), 0)).toBe(true);
  });
});

describe('roundHalfAwayFromZeroTo (Ruby Float#round(digits))', () => {
  it('rounds to the digits, halves away from zero', () => {
    expect(roundHalfAwayFromZeroTo(6.666666666666667, 5)).toBe(6.66667);
    expect(roundHalfAwayFromZeroTo(-6.666666666666667, 5)).toBe(-6.66667);
    expect(roundHalfAwayFromZeroTo(20, 5)).toBe(20);
  });

  it("applies MRI's correction when value × 10^digits lost its half", () => {
    // 1.000055 × 1e5 is 100005.49999999999 in binary; Ruby still rounds the written half up.
    expect(roundHalfAwayFromZeroTo(1.000055, 5)).toBe(1.00006);
    expect(roundHalfAwayFromZeroTo(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZeroTo(-1.005, 2)).toBe(-1.01);
  });

  it('refuses digits outside 0..14', () => {
    expect(() => roundHalfAwayFromZeroTo(1, 15)).toThrow(RangeError);
  });
});

describe('rubyStringToFloat (Ruby String#to_f)', () => {
  it.each([
    ['2.5', 2.5],
    ['  3', 3],
    ['1_000', 1000],
    ['1__0', 1],
    ['1.5kg', 1.5],
    ['-2', -2],
    ['1e2', 100],
    ['1e', 1],
    ['5.', 5],
    ['', 0],
    ['abc', 0],
  ])('%p → %p', (text, value) => {
    expect(rubyStringToFloat(text)).toBe(value);
  });
});

describe('isBlank (Rails blank?)', () => {
  it.each([
    [null, true],
    [undefined, true],
    ['', true],
    [' \t\n', true],
    ['a', false],
    [' a ', false],
  ])('%p → %p', (value, blank) => {
    expect(isBlank(value)).toBe(blank);
  });
});

describe('exact decimals (Ruby BigDecimal × Float)', () => {
  it('reads a float as its shortest decimal', () => {
    expect(exactFromFloat(0.7)).toEqual({ coefficient: 7n, exponent: -1 });
    expect(exactFromFloat(19.6)).toEqual({ coefficient: 196n, exponent: -1 });
    expect(exactFromFloat(1e-7)).toEqual({ coefficient: 1n, exponent: -7 });
    expect(exactFromFloat(-20)).toEqual({ coefficient: -20n, exponent: 0 });
  });

  it('cuts a float to 16 significant digits, as BigDecimal does', () => {
    // 0.1 + 0.2 prints as 0.30000000000000004 (17 digits).
    expect(exactToFloat(exactFromFloat(0.1 + 0.2))).toBe(0.3);
  });

  it('multiplies exactly where the float product is off', () => {
    expect(5500 * 0.7).toBe(3849.9999999999995);
    expect(exactToFloat(multiplyExact(exactInteger(5500), exactFromFloat(0.7)))).toBe(3850);
  });

  it('adds exactly across exponents', () => {
    expect(exactToFloat(addExact(exactFromFloat(0.1), exactFromFloat(0.2)))).toBe(0.3);
    expect(exactToFloat(addExact(exactInteger(5), exactFromFloat(-0.25)))).toBe(4.75);
  });

  it('refuses an unsafe integer', () => {
    expect(() => exactInteger(2 ** 53)).toThrow(RangeError);
  });
});
