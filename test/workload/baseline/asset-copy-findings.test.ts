import { wildcardFindingIds } from '../../../lib/workload/baseline/asset-copy-findings';

describe('wildcardFindingIds', () => {
  test('names wildcard actions and resources as cdk-nag does, with intrinsics as <Ref> and <Logical.Attr>', () => {
    const ids = wildcardFindingIds({
      Statement: [
        { Action: ['s3:GetObject*', 's3:PutObject'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::assets-bucket/*']] } },
        { Action: 'lambda:InvokeFunction', Resource: [{ 'Fn::GetAtt': ['Fn123', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Fn123', 'Arn'] }, ':*']] }] },
      ],
    });
    expect(ids).toEqual([
      'Action::s3:GetObject*',
      'Resource::arn:<AWS::Partition>:s3:::assets-bucket/*',
      'Resource::<Fn123.Arn>:*',
    ]);
  });

  test('a policy without wildcards has no finding ids', () => {
    expect(wildcardFindingIds({ Statement: [{ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/key' }] })).toEqual([]);
    expect(wildcardFindingIds({})).toEqual([]);
  });
});
