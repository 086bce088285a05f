import { CfnResource } from 'aws-cdk-lib';
import type { AppIndex } from '../app-index';
import { ACTIVITY_STREAM_PROPS, ACTIVITY_STREAM_RESOURCE_TYPE } from '../../handlers/activity-stream/contract';

/**
 * The Database Activity Streams (`DatabaseActivityStream`'s custom resources)
 * whose cluster ARN refers to this DB cluster.
 */
export function activityStreamsOf(cluster: CfnResource, index: AppIndex): CfnResource[] {
  if (cluster.cfnResourceType !== 'AWS::RDS::DBCluster') {
    return [];
  }
  return index.ofType(ACTIVITY_STREAM_RESOURCE_TYPE).filter((stream) => {
    const props = (stream as unknown as { cfnProperties?: Record<string, unknown> }).cfnProperties ?? {};
    return index.resolver.referencedBy(stream, props[ACTIVITY_STREAM_PROPS.clusterArn]).includes(cluster);
  });
}
