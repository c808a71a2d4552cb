/**
 * NHS number validation (Modulus 11), shared by the FHIR gateway and `rootstock audit-access`.
 *
 * An NHS number is 10 digits; digits 1 to 9 are weighted 10 down to 2, and the check digit is
 * 11 - (sum mod 11), where 11 means 0 and 10 means the number is invalid.
 */

/** The FHIR identifier system of NHS numbers. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** `value` without the spaces or hyphens people write NHS numbers with ("943 476 5919"). */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** Why `value` is not a valid NHS number, or undefined when it is (spaces and hyphens allowed). */
export function nhsNumberProblem(value: string): string | undefined {
  const digits = normaliseNhsNumber(value);
  if (!/^\d+$/.test(digits)) return 'must contain only digits';
  if (digits.length !== 10) return `must be exactly 10 digits, got ${digits.length}`;
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return 'is not a valid NHS number (no check digit can make it valid)';
  const expected = check === 11 ? 0 : check;
  if (expected !== Number(digits[9])) return `has a bad check digit (Modulus 11): the last digit should be ${expected}, got ${digits[9]}`;
  return undefined;
}

/** Whether `value` is a valid NHS number (10 digits, Modulus 11 check digit). */
export function isValidNhsNumber(value: string): boolean {
  return nhsNumberProblem(value) === undefined;
}
