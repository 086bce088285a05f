/**
 * Hosting platform requirements (seed 002), Baseline tier: HP-B1..HP-B7.
 *
 * How the names were checked: see the comment at the top of `catalogue.ts`.
 */
import { SeedFile } from './seeds';
import { collectionRecord, userDirectoryRecord } from './shared';
import { LogSourceName, Requirement, Verdict } from './types';

const SEED = SeedFile.HOSTING_PLATFORMS;

/** The JSON keys of a Route 53 Resolver query log record, as the Route 53 documentation lists them. */
const RESOLVER_QUERY_LOG_FIELDS = [
  'version', 'account_id', 'region', 'vpc_id', 'query_timestamp', 'query_name', 'query_type', 'query_class', 'rcode',
  'answers', 'srcaddr', 'srcport', 'transport', 'srcids', 'firewall_rule_action', 'firewall_rule_group_id', 'firewall_domain_list_id',
];

/** HP-B1..HP-B7: the Baseline tier. */
export const HOSTING_PLATFORM_BASELINE: Requirement[] = [
  userDirectoryRecord('HP-B1', SEED),

  collectionRecord({
    id: 'HP-B2',
    title: 'Bastion/Jump/Action-proxy services',
    seed: SEED,
    fields: [
      'SSH keypair generation/revocation: public key',
      "SSH keypair generation/revocation: keypair 'friendly name' / identifier",
      'Account login attempts: public key',
      'Account login attempts: username',
    ],
    cloudTrailEvents: [
      { eventSource: 'ec2.amazonaws.com', eventNames: ['CreateKeyPair', 'ImportKeyPair', 'DeleteKeyPair'] },
      { eventSource: 'ec2-instance-connect.amazonaws.com', eventNames: ['SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'] },
      { eventSource: 'ssm.amazonaws.com', eventNames: ['StartSession', 'ResumeSession', 'TerminateSession'] },
      { eventSource: 'iam.amazonaws.com', eventNames: ['UploadSSHPublicKey', 'UpdateSSHPublicKey', 'DeleteSSHPublicKey'] },
    ],
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['requestParameters.keyName', 'responseElements.keyPairId', 'responseElements.keyFingerprint', 'requestParameters.instanceId', 'requestParameters.osUser', 'userIdentity', 'sourceIPAddress'],
        notes:
          'EC2 key pair events carry the key name, id and fingerprint. EC2 Instance Connect SendSSHPublicKey carries the OS user ' +
          'and the one-time public key. Session Manager sessions are IAM-authenticated (no SSH key); the IAM SSH public key ' +
          'events concern CodeCommit keys only.',
      },
      {
        name: 'Session Manager session logs',
        notes: 'Session transcripts to S3 or CloudWatch Logs, switched on in the Session Manager preferences document.',
      },
      {
        name: 'Guest SSH authentication log (CloudWatch agent)',
        fields: ['/var/log/secure', '/var/log/auth.log'],
        notes: 'sshd accepted and failed attempts with user name and key fingerprint, collected by the CloudWatch agent on the bastion.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Key pair creation and deletion are recorded with name, id and fingerprint, but not the public key of a key AWS ' +
      'generated: snapshot it with DescribeKeyPairs (IncludePublicKey) if it is needed. Failed SSH logins never reach an AWS ' +
      'API: they are only in the bastion\'s own sshd log (user name and key fingerprint, not the full key), which the CloudWatch ' +
      'agent must ship. Session Manager or EC2 Instance Connect in place of long-lived keys gives an API record of every login.',
  }),

  collectionRecord({
    id: 'HP-B3',
    title: 'Domain name service query logs',
    seed: SEED,
    fields: [
      'Client IP address',
      'Query',
      'Query response content: returned record(s) or NXDOMAIN',
      'Query response content: authoritative nameserver',
      'Query response code',
      'Zone and/or view identifier (if local zone response and/or multiview)',
      'Also where nodes bypass internal DNS services',
    ],
    awsSources: [
      {
        name: LogSourceName.RESOLVER_QUERY_LOGS,
        fields: RESOLVER_QUERY_LOG_FIELDS,
        notes:
          'answers is a list of { Rdata, Type, Class }; rcode is the response code (NOERROR, NXDOMAIN, SERVFAIL ...); srcids names ' +
          'the instance or Resolver endpoint. The firewall_* keys appear only when DNS Firewall acted on the query.',
      },
      {
        name: LogSourceName.VPC_FLOW_LOGS,
        fields: ['srcaddr', 'dstaddr', 'dstport', 'protocol', 'action'],
        notes: 'Traffic to port 53 or 853 at an address other than the VPC resolver shows a node bypassing it (no query content).',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Resolver query logs carry client address, query, answers or NXDOMAIN and response code, but not the authoritative ' +
      'nameserver, and no zone or view identifier for private hosted zone answers: enrich from the hosted zone configuration ' +
      '(ListHostedZonesByVPC) downstream. Queries that bypass the VPC resolver are not in them at all: VPC flow logs (or ' +
      'Network Firewall) on ports 53 and 853 show that they happened, and DNS Firewall or egress rules can stop them.',
  }),

  collectionRecord({
    id: 'HP-B4',
    title: 'Web proxy access logs',
    seed: SEED,
    fields: [
      'Authenticated user name (if applicable)',
      'Client identifiers: IP address',
      'Client identifiers: reverse lookup client name (if applicable)',
      'HTTP method (for example, CONNECT GET)',
      'Where available, full destination/target URL or SNI value',
      'Connection return status code (for example, 200 or 403)',
      'Size of response',
    ],
    awsSources: [
      {
        name: 'AWS Network Firewall alert logs',
        notes:
          'With HTTP and TLS rules, alert records carry the source and destination address, the HTTP host, URL and method or ' +
          'the TLS SNI of the matched request.',
      },
      {
        name: 'Proxy access log on EC2 (CloudWatch agent)',
        notes: 'A forward proxy such as Squid logs user, client address, method, URL, status and size; the CloudWatch agent ships it.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'AWS has no generally available managed forward web proxy (the Network Firewall proxy feature is in preview and its log ' +
      'schema was not confirmed). Network Firewall logs give client address, host, URL or SNI and method for matched traffic ' +
      'but no authenticated user, and alerts are written on the request, so status code and response size are not reliably ' +
      'present. Where a proxy is required, run one (for example Squid on EC2) and ship its access log with the CloudWatch ' +
      'agent; reverse lookups come from joining with the Resolver query logs.',
  }),

  collectionRecord({
    id: 'HP-B5',
    title: 'Hypervisor events',
    seed: SEED,
    fields: [
      'Virtual machine creation (including templates): identifier(s)',
      'Virtual machine creation (including templates): operating system image information',
      "Virtual machine 'power' events: identifier(s)",
      "Virtual machine 'power' events: 'power' on",
      "Virtual machine 'power' events: 'power' off (including restart flag)",
      'Virtual machine deletion: identifier(s)',
      'Virtual machine resource modification events: CPU addition/removal',
      'Virtual machine resource modification events: RAM addition/removal',
      'Virtual machine resource modification events: networking addition/removal',
      'Virtual machine resource modification events: storage mount/dismount/resize',
    ],
    cloudTrailEvents: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventNames: [
          'RunInstances', 'CreateFleet', 'RequestSpotInstances',
          'CreateLaunchTemplate', 'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate',
          'RegisterImage', 'CreateImage', 'CopyImage',
          'StartInstances', 'StopInstances', 'RebootInstances', 'TerminateInstances',
          'ModifyInstanceAttribute', 'ModifyInstanceCpuOptions',
          'AttachNetworkInterface', 'DetachNetworkInterface', 'ModifyNetworkInterfaceAttribute',
          'AssignPrivateIpAddresses', 'UnassignPrivateIpAddresses', 'AssignIpv6Addresses', 'UnassignIpv6Addresses',
          'CreateVolume', 'AttachVolume', 'DetachVolume', 'ModifyVolume', 'DeleteVolume',
        ],
      },
    ],
    eventBridgeDetailTypes: [
      { source: 'aws.ec2', detailTypes: ['EC2 Instance State-change Notification', 'EBS Volume Notification'] },
    ],
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['requestParameters.instancesSet', 'requestParameters.imageId', 'requestParameters.instanceType', 'requestParameters.launchTemplate', 'responseElements.instancesSet', 'userIdentity'],
        notes: 'Every instruction to the EC2 hypervisor is an API call; RebootInstances is the restart flag.',
      },
      {
        name: LogSourceName.EVENTBRIDGE,
        fields: ['detail.instance-id', 'detail.state'],
        notes: 'State changes (pending, running, stopping, stopped, shutting-down, terminated) including those AWS makes itself.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'All API instructions (create, start, stop, reboot, terminate, resize, attach and detach) are recorded. Image information ' +
      'is the AMI id only: resolve the operating system with DescribeImages or SSM Inventory downstream. A reboot made from ' +
      'inside the guest emits no event (only the guest log shows it), and mounting or unmounting a filesystem inside the guest ' +
      'is invisible to AWS: attach and detach of the volume are the hypervisor-level record.',
  }),

  collectionRecord({
    id: 'HP-B6',
    title: 'Orchestrator events',
    seed: SEED,
    fields: [
      'Resource creation (including templates): identifier(s)',
      'Resource creation (including templates): resource type',
      'Resource creation (including templates): operating system image information (if applicable)',
      "Container 'power' events: identifier(s)",
      "Container 'power' events: 'power' on",
      "Container 'power' events: 'power' off (including restart flag)",
      'Resource deletion: identifier(s)',
      'Resource modification events: identifier(s)',
    ],
    cloudTrailEvents: [
      {
        eventSource: 'eks.amazonaws.com',
        eventNames: [
          'CreateCluster', 'DeleteCluster', 'UpdateClusterConfig', 'UpdateClusterVersion',
          'CreateNodegroup', 'DeleteNodegroup', 'UpdateNodegroupConfig', 'UpdateNodegroupVersion',
          'CreateFargateProfile', 'DeleteFargateProfile', 'CreateAddon', 'UpdateAddon', 'DeleteAddon',
          'CreateAccessEntry', 'UpdateAccessEntry', 'DeleteAccessEntry', 'AssociateAccessPolicy', 'DisassociateAccessPolicy',
        ],
      },
      {
        eventSource: 'ecs.amazonaws.com',
        eventNames: [
          'CreateCluster', 'DeleteCluster', 'RegisterTaskDefinition', 'DeregisterTaskDefinition',
          'CreateService', 'UpdateService', 'DeleteService', 'RunTask', 'StartTask', 'StopTask',
        ],
      },
    ],
    eventBridgeDetailTypes: [{ source: 'aws.ecs', detailTypes: ['ECS Task State Change'] }],
    awsSources: [
      {
        name: LogSourceName.EKS_CONTROL_PLANE_LOGS,
        fields: ['api', 'audit', 'authenticator'],
        notes:
          "The log types that must be on. 'audit' records every create, update, patch and delete with objectRef, user.username, " +
          "sourceIPs and (at RequestResponse level) the request body with the pod image; 'authenticator' maps IAM principals to " +
          "Kubernetes users; 'api' is the API server log. The other two types, 'controllerManager' and 'scheduler', are optional: " +
          'useful for troubleshooting, not for the standard. All go to CloudWatch Logs only.',
      },
      { name: LogSourceName.CLOUDTRAIL, notes: 'EKS and ECS control-plane API calls (clusters, node groups, task definitions, services, tasks).' },
      {
        name: LogSourceName.EVENTBRIDGE,
        fields: ['detail.taskArn', 'detail.lastStatus', 'detail.desiredStatus', 'detail.stopCode', 'detail.stoppedReason', 'detail.containers'],
        notes: 'ECS task starts and stops, with each container image and exit code.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Creation, deletion and modification are recorded with id, type and image (EKS audit log, EKS and ECS API calls, ECS ' +
      'task state changes). Kubernetes container restarts inside a running pod have no audit event of their own: they show ' +
      'only as kubelet status patches (restartCount) in the audit log, in exported Kubernetes Events or in Container Insights. ' +
      'Other orchestrators (Cloud Foundry, self-managed Kubernetes) must forward their own audit logs.',
  }),

  collectionRecord({
    id: 'HP-B7',
    title: 'Allocation of IP address leases from DHCP services',
    seed: SEED,
    fields: [
      'Successful client DHCP requests: requesting client MAC address',
      'Successful client DHCP requests: DHCP scope identifier',
      'Successful client DHCP requests: IP address leased',
      'Successful client DHCP requests: IP address lease duration',
      'Unsuccessful client DHCP requests: requesting client MAC address',
      'Unsuccessful client DHCP requests: DHCP scope identifier (if applicable for unsuccessful request)',
    ],
    cloudTrailEvents: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventNames: [
          'RunInstances', 'CreateNetworkInterface', 'DeleteNetworkInterface',
          'AssignPrivateIpAddresses', 'UnassignPrivateIpAddresses', 'AssignIpv6Addresses', 'UnassignIpv6Addresses',
        ],
      },
    ],
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['responseElements.networkInterface.macAddress', 'responseElements.networkInterface.privateIpAddress', 'responseElements.networkInterface.subnetId', 'errorCode'],
        notes: 'The address allocation record that stands in for a lease: MAC, IP and subnet (the scope).',
      },
      { name: 'AWS Config', notes: 'Configuration history of AWS::EC2::NetworkInterface: which MAC held which address when.' },
      { name: 'VPC IP Address Manager', notes: 'GetIpamAddressHistory answers "which resource held this IP at that time".' },
    ],
    verdict: Verdict.NOT_POSSIBLE_ON_AWS,
    nearestEquivalent:
      'The VPC DHCP service keeps no lease log and flow logs exclude DHCP traffic. IPv4 addresses are not leased but ' +
      'allocated to a network interface for its life, so the ENI allocation history is the substitute: CreateNetworkInterface, ' +
      'RunInstances and Assign*/Unassign* calls in CloudTrail (MAC, address, subnet as the scope), AWS Config ENI history and ' +
      'IPAM GetIpamAddressHistory. Lease duration is "life of the interface" for IPv4 and the DHCP option set\'s IPv6 preferred ' +
      'lease time. Failed requests appear only as errorCode InsufficientFreeAddressesInSubnet or PrivateIpAddressLimitExceeded ' +
      'on those calls, with the subnet but no MAC (no interface was made). EKS pod addresses come from the VPC CNI, whose ' +
      'ipamd log is on the node.',
  }),
];
