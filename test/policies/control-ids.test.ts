import { compareControlIds, controlFramework, controlLabel, formatControlId, isControlId, ncscPrincipleId, ncscPrincipleNumber, parseControlId } from '../../policies/control-ids';

describe('control ids: one format for DSPT outcomes and NCSC principles', () => {
  test('reads every spelling people use and returns the canonical id', () => {
    expect(['NCSC-2', 'NCSC 2', 'ncsc2', 'NCSC principle 2', ' ncsc-02 '].map(parseControlId)).toEqual(['NCSC-2', 'NCSC-2', 'NCSC-2', 'NCSC-2', 'NCSC-2']);
    expect(['B3.c', 'b3.C', 'DSPT B3.c', 'CAF b3.c'].map(parseControlId)).toEqual(['B3.c', 'B3.c', 'B3.c', 'B3.c']);
  });

  test('refuses what is not a control id: bare numbers, principles, objectives, NCSC 0 and 15', () => {
    for (const t of ['2', 'D1', 'E', 'NCSC-0', 'NCSC 15', 'F1.a', 'B3', 'B3.cc', '']) expect(parseControlId(t)).toBeUndefined();
    expect(() => ncscPrincipleId(15)).toThrow(/numbered 1 to 14; got 15/);
  });

  test('prints, parses and classifies every canonical id consistently (the whole space: 14 principles, every outcome shape)', () => {
    const ncsc = Array.from({ length: 14 }, (_, i) => ncscPrincipleId(i + 1));
    const dspt = [...'ABCDE'].flatMap((o) => [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((p) => [...'abcdefghijklmnopqrstuvwxyz'].map((l) => `${o}${p}.${l}`)));
    for (const id of [...ncsc, ...dspt]) {
      expect(isControlId(id)).toBe(true);
      expect(parseControlId(formatControlId(id as never))).toBe(id);
      expect(parseControlId(id.toLowerCase())).toBe(id);
      expect(controlFramework(id as never)).toBe(id.startsWith('NCSC') ? 'NCSC' : 'DSPT');
    }
    expect(ncscPrincipleNumber('NCSC-13')).toBe(13);
    expect(controlLabel('NCSC-2', 'Asset protection and resilience')).toBe('NCSC-2 Asset protection and resilience');
  });

  test('sorts DSPT outcomes before NCSC principles, principles by number', () => {
    expect((['NCSC-10', 'C1.a', 'NCSC-2', 'B3.c'] as const).slice().sort(compareControlIds)).toEqual(['B3.c', 'C1.a', 'NCSC-2', 'NCSC-10']);
  });
});
