import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { restrictKeyGrants, stackSharedKey } from '../../lib/core/stack-key';

const DENY_GRANTS = {
  Sid: 'DenyGrantsNotForAwsResources',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};

describe('restrictKeyGrants (Control Tower CT.KMS.PR.3)', () => {
  test('adds the deny of grants that are neither for an AWS resource nor by an AWS service', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S');
    const key = new kms.Key(stack, 'Key');
    // WHEN
    restrictKeyGrants(key);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([DENY_GRANTS]) },
    });
  });

  test('a key without it has no such statement (the check above can fail)', () => {
    const stack = new Stack(new App(), 'S');
    new kms.Key(stack, 'Key');
    const [key] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')) as any[];
    expect(key.Properties.KeyPolicy.Statement).not.toContainEqual(expect.objectContaining({ Sid: 'DenyGrantsNotForAwsResources' }));
  });

  test('every stack-wide shared key carries it, once, however many constructs ask for the key', () => {
    const stack = new Stack(new App(), 'S');
    stackSharedKey(stack, 'SharedKey', { description: 'd' });
    stackSharedKey(stack, 'SharedKey', { description: 'd' });
    const [key] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')) as any[];
    expect(key.Properties.KeyPolicy.Statement.filter((s: any) => s.Sid === 'DenyGrantsNotForAwsResources')).toEqual([DENY_GRANTS]);
  });
});
