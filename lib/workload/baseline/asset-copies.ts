import * as path from 'path';
import { Annotations, Aspects, Aws, Fn, Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, IConstruct } from 'constructs';
import { HandlerCodeSource, setHandlerCodeSource } from '../../core/handler-asset';

/** Props for {@link HandlerCodeCopies}. */
export interface HandlerCodeCopiesProps {
  /** The StackSet template whose functions read the copies. */
  readonly template: Stack;
  /** The asset buckets are `<prefix>-<region>`. */
  readonly assetBucketPrefix: string;
  /** The regions the StackSet deploys to. */
  readonly regions: string[];
}

/**
 * The library's Lambda handler bundles of a StackSet template, copied by the deploying (parent) stack into the asset
 * bucket `<prefix>-<region>` of every region the StackSet deploys to (`StackSetAssetBucket`); the template's functions
 * read `Fn::Join('-', [prefix, AWS::Region])` and the bundle's key. Lambda reads function code from a bucket in the
 * function's own region (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html).
 *
 * One bundle is one file asset of the parent stack; one aws-cdk-lib `BucketDeployment` per region copies every bundle
 * as the zip it is (`extract: false`,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_s3_deployment.BucketDeploymentProps.html) and never
 * deletes (`prune: false`), so code a running stack instance still uses stays. The copy's key is the basename of the
 * asset's key: no AWS page says so (unverified); aws-cdk-lib's handler does it (`aws s3 cp` of each zip into a folder
 * it then syncs: custom-resource-handlers/dist/aws-s3-deployment/bucket-deployment-handler/index.py), and cdk-stacksets
 * relies on it too. A StackSet of the template must depend on this construct, so that the code is in every bucket
 * before a stack instance is created.
 *
 * This is what cdk-stacksets does for file assets of a `StackSetStack` given asset buckets, but for the library's own
 * bundles: cdk-stacksets adds no such dependency to its StackSet when the StackSet is not made at the stack's top
 * level, and warns on every synth (without an id to acknowledge) that it cannot add a bucket policy to the imported
 * buckets, which `StackSetAssetBucket` has already.
 */
export class HandlerCodeCopies extends Construct implements HandlerCodeSource {
  private readonly deployments = new Map<string, s3deploy.BucketDeployment>();
  private readonly keys = new Map<string, string>();

  constructor(scope: Construct, id: string, private readonly props: HandlerCodeCopiesProps) {
    super(scope, id);
    setHandlerCodeSource(props.template, this);
    // At synth, when every StackSet of the app has been made: warn when none depends on the copies.
    Aspects.of(this).add({
      visit: (node: IConstruct) => {
        if (node === this) {
          this.warnWhenNothingDependsOnCopies();
        }
      },
    });
  }

  /**
   * `WorkloadBaselineStackSet` makes its StackSet depend on the copies; a `WorkloadBaselineTemplate` used with a
   * StackSet of one's own needs the same, or the StackSet may create stack instances before their code is there.
   */
  private warnWhenNothingDependsOnCopies(): void {
    if (this.deployments.size === 0) {
      return;
    }
    const copies = new Set<IConstruct>(this.node.findAll());
    const dependsOnCopies = this.node.root.node.findAll().some((c) => c.node.dependencies.some((d) => copies.has(d as IConstruct)));
    if (!dependsOnCopies) {
      Annotations.of(this).addWarningV2('cdk-security-log-collection:stackSetCodeCopies',
        `Nothing depends on '${this.node.path}', the copies of the Lambda code of StackSet template '${this.props.template.node.path}' ` +
        'into every region\'s asset bucket, so a StackSet of the template may create stack instances before their code is there. ' +
        'Make the StackSet depend on it: stackSet.node.addDependency(template.codeCopies) (WorkloadBaselineStackSet does).');
    }
  }

  public codeFor(_scope: Construct, dir: string): lambda.CodeConfig {
    let key = this.keys.get(dir);
    if (key === undefined) {
      key = this.copy(dir);
      this.keys.set(dir, key);
    }
    return { s3Location: { bucketName: Fn.join('-', [this.props.assetBucketPrefix, Aws.REGION]), objectKey: key } };
  }

  /** Copies a bundle into every region's bucket and returns its key there. */
  private copy(dir: string): string {
    const asset = new s3assets.Asset(this, `Bundle${this.keys.size}`, { path: dir });
    if (Token.isUnresolved(asset.s3ObjectKey)) {
      throw new Error(
        `Stack '${Stack.of(this).stackName}' gives file assets an object key known only at deployment (its synthesizer), but the ` +
        `StackSet template '${this.props.template.node.path}' names its Lambda code by key at synth; use the DefaultStackSynthesizer ` +
        '(the default) or another that names asset keys at synth for the stack of the WorkloadBaselineStackSet.',
      );
    }
    const source = s3deploy.Source.bucket(asset.bucket, asset.s3ObjectKey);
    for (const region of this.props.regions) {
      const deployment = this.deployments.get(region);
      if (deployment !== undefined) {
        deployment.addSource(source);
        continue;
      }
      const bucketName = `${this.props.assetBucketPrefix}-${region}`;
      this.deployments.set(region, new s3deploy.BucketDeployment(this, `CopyTo-${region}`, {
        sources: [source],
        destinationBucket: s3.Bucket.fromBucketName(this, `Bucket-${region}`, bucketName),
        extract: false,
        prune: false,
      }));
    }
    return path.posix.basename(asset.s3ObjectKey);
  }
}
