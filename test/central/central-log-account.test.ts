import { Template } from 'aws-cdk-lib/assertions';
import { CentralLogAccount } from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { ORG_ID, SIEM_ACCOUNT, centralStack, resourcesOfType } from './helpers';

describe('CentralLogAccount', () => {
  function account() {
    const stack = centralStack();
    const central = new CentralLogAccount(stack, 'Central', {
      exposure: ServiceExposure.EXTERNAL,
      organizationId: ORG_ID,
      siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem-ingest' },
    });
    return { central, template: Template.fromStack(stack) };
  }

  test('builds the archive, this region\'s CloudWatch Logs destination and the event bus, and exposes each', () => {
    // GIVEN / WHEN
    const { central, template } = account();

    // THEN
    template.resourceCountIs('AWS::Logs::Destination', 1);
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 2);
    expect(central.targets).toBe(central.archive.targets);
    expect(central.logDestination.destinationArn).toBe(central.targets.logDestinationArn('eu-west-2'));
    expect(central.eventBus.eventBus).toBeDefined();
  });

  test('every log store it makes (buckets, keys, log groups, log streams) is retained', () => {
    // GIVEN / WHEN
    const { template } = account();

    // THEN
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Logs::LogStream']) {
      const resources = resourcesOfType(template, type);
      expect(resources.length).toBeGreaterThan(0);
      for (const [id, resource] of resources) {
        expect({ id, deletion: resource.DeletionPolicy, replace: resource.UpdateReplacePolicy })
          .toEqual({ id, deletion: 'Retain', replace: 'Retain' });
      }
    }
  });

  test('the Firehose error log groups follow the archive exposure (90 days for EXTERNAL)', () => {
    // GIVEN / WHEN
    const { template } = account();

    // THEN
    for (const [, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });
});
