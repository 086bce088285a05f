import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  AuditTrail, CentralLogTargets, CognitoUserPoolLogging, DataStoreAuditLogging, IdentityEventForwarding, LoadBalancerLogLanding, MaturityTier,
  ServiceExposure, TamperEventForwarding, UserDirectory, VpcFlowLogging,
} from '../lib';
import { restrictKeyGrants } from '../lib/core/stack-key';
import { acknowledgeExampleDataStores, acknowledgeExampleLoadBalancer, acknowledgeExampleVpc } from './rule-packs';
import { ExampleSettings } from './context';

/**
 * A public digital service at the Enhanced tier: a Cognito user pool on the
 * Plus plan, its user auth events, the account's trail and identity events,
 * an Application Load Balancer whose access logs go to the region-local
 * SSE-S3 landing bucket of the central account (replicated into the vault),
 * and its data stores (an Aurora PostgreSQL cluster, a DynamoDB table and an
 * uploads bucket, whose S3 server access logs also carry size and time)
 * audited by DataStoreAuditLogging (CA-E2).
 */
export class CustomApplicationStack extends Stack {
  public static readonly TIER = MaturityTier.ENHANCED;
  public static readonly EXPOSURE = ServiceExposure.EXTERNAL;

  public readonly userPool: cognito.UserPool;
  /** The application's load balancer, when a landing bucket for its access logs was given. */
  public readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  /** The application's database: Aurora PostgreSQL, audited with pgAudit. */
  public readonly database: rds.DatabaseCluster;
  /** The application's DynamoDB table and uploads bucket, whose data events the trail records. */
  public readonly table: dynamodb.Table;
  public readonly uploads: s3.Bucket;

  /** Named zones: with a concrete env, the default asks AWS which zones exist (a context lookup), and this app synthesises offline. */
  public get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }

  constructor(scope: Construct, id: string, settings: ExampleSettings, central: CentralLogTargets, props: StackProps = {},
    loadBalancerLogs?: LoadBalancerLogLanding) {
    super(scope, id, { ...props, env: { account: settings.applicationAccount, region: settings.centralRegion } });
    const exposure = CustomApplicationStack.EXPOSURE;

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    });

    new CognitoUserPoolLogging(this, 'UserPoolLogging', { userPool: this.userPool, central, exposure });
    const trail = new AuditTrail(this, 'AuditTrail', { central });
    new TamperEventForwarding(this, 'TamperEvents', { central });
    new IdentityEventForwarding(this, 'IdentityEvents', {
      central, exposure, directories: [UserDirectory.COGNITO_USER_POOL],
    });

    const vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: this.availabilityZones,
      natGateways: 0,
      subnetConfiguration: [
        // Only the load balancer lives in the public subnets, and it needs no public address on launch.
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    new VpcFlowLogging(this, 'VpcFlowLogging', { central, vpcs: [vpc], tier: CustomApplicationStack.TIER });
    acknowledgeExampleVpc(vpc);
    if (loadBalancerLogs) {
      this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
        vpc, internetFacing: true, dropInvalidHeaderFields: true, deletionProtection: true,
      });
      acknowledgeExampleLoadBalancer(this.loadBalancer);
      // Throws if the landing bucket is in another region than the load balancer.
      loadBalancerLogs.enableAccessLogs(this.loadBalancer, 'custom-application');
    }

    // The application's data stores, and their own audit logs (CA-E2).
    const secretKey = new kms.Key(this, 'DatabaseSecretKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    restrictKeyGrants(secretKey);
    this.database = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      clusterIdentifier: 'custom-application-db',
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      iamAuthentication: true,
      storageEncrypted: true,
      deletionProtection: true,
      credentials: rds.Credentials.fromGeneratedSecret('appadmin', { encryptionKey: secretKey }),
    });
    this.table = new dynamodb.Table(this, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
    });
    this.uploads = new s3.Bucket(this, 'Uploads', {
      encryption: s3.BucketEncryption.KMS_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ id: 'ExpireSupersededVersions', noncurrentVersionExpiration: Duration.days(90) }],
    });
    acknowledgeExampleDataStores(this.database, this.table, this.uploads);
    new DataStoreAuditLogging(this, 'DataStoreAudit', {
      central, exposure, databases: [this.database], trail, tables: [this.table], buckets: [this.uploads],
      // The uploads' size and time (CA-E2) come only from S3 server access logs: replicated into the central vault.
      serverAccessLogBuckets: [this.uploads],
    });
  }
}
