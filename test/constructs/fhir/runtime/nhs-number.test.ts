import { isValidNhsNumber, nhsNumberProblem } from '../../../../constructs/fhir/runtime/nhs-number';

describe('NHS number (Modulus 11)', () => {
  test.each(['9434765919', '4010232137', '943 476 5919', '943-476-5919'])('accepts %s', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });

  test.each([
    ['9434765918', /bad check digit .* should be 9, got 8/],
    ['943476591', /exactly 10 digits, got 9/],
    ['94347659190', /exactly 10 digits, got 11/],
    ['94347659A9', /only digits/],
    // Weighted sum 10*1 = 10: 11 - (10 mod 11) = 1... a check of 10 cannot be written as a digit.
    ['0000000060', /no check digit can make it valid/],
  ])('fails on %s', (n, reason) => {
    expect(nhsNumberProblem(n)).toMatch(reason);
  });
});
