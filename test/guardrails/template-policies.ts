// Reads the resource policies of a synthesised template as AWS would see them: CloudFormation intrinsics
// (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, pseudo parameters) resolved to the names and ARNs the resources get.

type Json = any;

export interface TemplateEnv {
  readonly account: string;
  readonly region: string;
}

/** The ARN and Ref value of a resource of the template, from its type and properties (names fixed by the library). */
function refAndArn(template: Json, logicalId: string, env: TemplateEnv): { ref: string; arn: string } {
  const resource = template.Resources?.[logicalId];
  if (!resource) {
    throw new Error(`no resource ${logicalId} in the template`);
  }
  const p = resource.Properties ?? {};
  const { account, region } = env;
  switch (resource.Type) {
    case 'AWS::S3::Bucket': {
      const name = p.BucketName ?? logicalId.toLowerCase();
      return { ref: name, arn: `arn:aws:s3:::${name}` };
    }
    case 'AWS::IAM::Role': {
      const name = p.RoleName ?? logicalId;
      return { ref: name, arn: `arn:aws:iam::${account}:role/${name}` };
    }
    case 'AWS::KMS::Key':
      return { ref: logicalId, arn: `arn:aws:kms:${region}:${account}:key/${logicalId}` };
    case 'AWS::SQS::Queue': {
      const name = p.QueueName ?? logicalId;
      return { ref: `https://sqs.${region}.amazonaws.com/${account}/${name}`, arn: `arn:aws:sqs:${region}:${account}:${name}` };
    }
    case 'AWS::SNS::Topic': {
      const arn = `arn:aws:sns:${region}:${account}:${p.TopicName ?? logicalId}`;
      return { ref: arn, arn };
    }
    case 'AWS::Events::EventBus': {
      const name = p.Name ?? logicalId;
      return { ref: name, arn: `arn:aws:events:${region}:${account}:event-bus/${name}` };
    }
    default:
      return { ref: logicalId, arn: `arn:aws:unknown:${region}:${account}:${logicalId}` };
  }
}

/** A template value with every intrinsic resolved. */
export function resolve(template: Json, value: Json, env: TemplateEnv): Json {
  if (Array.isArray(value)) {
    return value.map((v) => resolve(template, v, env));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [k] = keys;
    const arg = value[k];
    switch (k) {
      case 'Ref':
        if (arg === 'AWS::Partition') return 'aws';
        if (arg === 'AWS::AccountId') return env.account;
        if (arg === 'AWS::Region') return env.region;
        if (arg === 'AWS::URLSuffix') return 'amazonaws.com';
        return refAndArn(template, arg, env).ref;
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
        const { arn, ref } = refAndArn(template, id, env);
        return attr === 'Arn' ? arn : ref;
      }
      case 'Fn::Join':
        return (resolve(template, arg[1], env) as Json[]).join(arg[0]);
      case 'Fn::Sub':
        return String(typeof arg === 'string' ? arg : arg[0]).replace(/\$\{([^}]+)\}/g, (_m, name: string) =>
          String(resolve(template, name.includes('.') ? { 'Fn::GetAtt': name.split('.') } : { Ref: name }, env)));
      default:
        break;
    }
  }
  return Object.fromEntries(keys.map((k) => [k, resolve(template, value[k], env)]));
}

function resourcesOfType(template: Json, type: string): Array<[string, Json]> {
  return Object.entries(template.Resources ?? {}).filter(([, r]: [string, Json]) => r.Type === type) as Array<[string, Json]>;
}

/** The bucket policy of a bucket, by its name. */
export function bucketPolicy(template: Json, env: TemplateEnv, bucketName: string): Json {
  for (const [, r] of resourcesOfType(template, 'AWS::S3::BucketPolicy')) {
    if (resolve(template, r.Properties.Bucket, env) === bucketName) {
      return resolve(template, r.Properties.PolicyDocument, env);
    }
  }
  throw new Error(`no bucket policy for ${bucketName}`);
}

/** The key policy of a KMS key, by a word of its description. */
export function keyPolicy(template: Json, env: TemplateEnv, descriptionWord: RegExp): { arn: string; policy: Json } {
  for (const [id, r] of resourcesOfType(template, 'AWS::KMS::Key')) {
    if (descriptionWord.test(r.Properties.Description ?? '')) {
      return { arn: refAndArn(template, id, env).arn, policy: resolve(template, r.Properties.KeyPolicy, env) };
    }
  }
  throw new Error(`no KMS key whose description matches ${descriptionWord}`);
}

/** The trust policies of the roles whose logical id matches, with their ARNs. */
export function roleTrusts(template: Json, env: TemplateEnv, logicalId: RegExp): Array<{ arn: string; policy: Json }> {
  return resourcesOfType(template, 'AWS::IAM::Role')
    .filter(([id]) => logicalId.test(id))
    .map(([id, r]) => ({ arn: refAndArn(template, id, env).arn, policy: resolve(template, r.Properties.AssumeRolePolicyDocument, env) }));
}

/** The identity policies attached to a role of the template (inline AWS::IAM::Policy resources naming it). */
export function rolePolicies(template: Json, env: TemplateEnv, roleName: string): Json[] {
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, r]) => (resolve(template, r.Properties.Roles ?? [], env) as string[]).includes(roleName))
    .map(([, r]) => resolve(template, r.Properties.PolicyDocument, env));
}

/** The queue policy of an SQS queue, by the queue's name, with the queue's ARN. */
export function queuePolicy(template: Json, env: TemplateEnv, queueName: string): { arn: string; policy: Json } {
  const arn = `arn:aws:sqs:${env.region}:${env.account}:${queueName}`;
  for (const [, r] of resourcesOfType(template, 'AWS::SQS::QueuePolicy')) {
    const queues = resolve(template, r.Properties.Queues, env) as string[];
    if (queues.includes(`https://sqs.${env.region}.amazonaws.com/${env.account}/${queueName}`)) {
      return { arn, policy: resolve(template, r.Properties.PolicyDocument, env) };
    }
  }
  throw new Error(`no queue policy for ${queueName}`);
}
