import { AwsSolutionsChecks } from 'cdk-nag';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';
import { PackRun } from '../../policies/pack-run';
import { createPacks, packDefinition, PACKS } from '../../policies/packs';

describe('the pack registry', () => {
  test('lists the packs Rootstock runs, with the Control Tower guard validator optional', () => {
    expect(PACKS.map((p) => [p.name, p.pluginName, p.byDefault])).toEqual([
      ['nhs', 'NhsTrustChecks', true],
      ['aws-solutions', 'AwsSolutions', true],
      ['hipaa', 'HIPAA.Security', true],
      ['nist-800-53-r5', 'NIST.800.53.R5', true],
      ['control-tower', 'cdk-validator-cfnguard', false],
    ]);
  });

  test('creates the default packs wrapped so each records its run, under the plugin names CDK reports', () => {
    const packs = createPacks();
    expect(packs.every((p) => p instanceof PackRun)).toBe(true);
    expect(packs.map((p) => p.name)).toEqual(['NhsTrustChecks', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5']);
    expect(packs[0].plugin).toBeInstanceOf(NhsTrustChecks);
    expect(packs[1].plugin).toBeInstanceOf(AwsSolutionsChecks);
    expect(packs[1].version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('creates the Control Tower validator on request (the package is installed here)', () => {
    const [guard] = createPacks(['control-tower']);
    expect(guard.name).toBe('cdk-validator-cfnguard');
    expect(packDefinition('control-tower')?.byDefault).toBe(false);
  });

  test('refuses an unknown pack, naming the known ones', () => {
    expect(() => createPacks(['nhs', 'pci'])).toThrow("Unknown pack 'pci'. Known packs: nhs, aws-solutions, hipaa, nist-800-53-r5, control-tower.");
  });
});
