import { acrProblem, votProblem } from '../../../../constructs/identity/runtime/assurance';

describe('CIS2 acr against the required AAL', () => {
  test.each([
    ['AAL2_ANY', 'AAL2_ANY'],
    ['AAL3_ANY', 'AAL2_ANY'],
    ['AAL2_OR_AAL3_ANY', 'AAL2_ANY'],
    ['AAL3_ANY', 'AAL2_OR_AAL3_ANY'],
    ['AAL3_ANY', 'AAL3_ANY'],
  ] as const)('accepts acr %s when %s is required', (acr, required) => {
    expect(acrProblem(acr, required)).toBeUndefined();
  });

  test.each([
    ['AAL2_ANY', 'AAL3_ANY', "the ID token's acr AAL2_ANY is below the required AAL3_ANY"],
    ['AAL2_OR_AAL3_ANY', 'AAL3_ANY', "the ID token's acr AAL2_OR_AAL3_ANY is below the required AAL3_ANY"],
    ['AAL1_ANY', 'AAL2_ANY', "the ID token's acr AAL1_ANY is below the required AAL2_ANY"],
    ['urn:unknown', 'AAL2_ANY', "the ID token's acr urn:unknown is below the required AAL2_ANY"],
    [undefined, 'AAL2_ANY', 'the ID token has no acr claim; AAL2_ANY is required'],
  ] as const)('fails acr %s when %s is required', (acr, required, message) => {
    expect(acrProblem(acr, required)).toBe(message);
  });
});

describe('NHS login vot against the required vector of trust', () => {
  test.each([
    ['P9.Cp.Cd', 'P9.Cp.Cd'],
    ['P9.Cp.Ck', 'P9.Cp.Cd'],
    ['P9.Cm', 'P9.Cp.Cd'],
    ['P9.Cp.Cd', 'P5.Cp.Cd'],
    ['P5.Cp.Cd', 'P0.Cp'],
  ] as const)('accepts vot %s when %s is required', (vot, required) => {
    expect(votProblem(vot, required)).toBeUndefined();
  });

  test.each([
    ['P5.Cp.Cd', 'P9.Cp.Cd', "the ID token's vot P5.Cp.Cd is below the required P9.Cp.Cd"],
    ['P9.Cp', 'P9.Cp.Cd', "the ID token's vot P9.Cp is below the required P9.Cp.Cd"],
    ['P0.Cp', 'P5.Cp.Cd', "the ID token's vot P0.Cp is below the required P5.Cp.Cd"],
    ['Cl.Cm', 'P5.Cp.Cd', "the ID token's vot Cl.Cm is not a vector of trust"],
    [undefined, 'P9.Cp.Cd', 'the ID token has no vot claim; P9.Cp.Cd is required'],
  ] as const)('fails vot %s when %s is required', (vot, required, message) => {
    expect(votProblem(vot, required)).toBe(message);
  });
});
