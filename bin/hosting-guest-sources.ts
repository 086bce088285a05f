import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { acknowledgeExampleBastions } from './rule-packs';
import {
  BastionLogging, CentralLogTargets, CloudWatchAgentConfiguration, NetworkFirewallLogging, ServiceExposure, TimeSyncConfiguration,
  WindowsSecurityLogging,
} from '../lib';

/** The tag the platform's Windows nodes carry (EC2, WorkSpaces as managed nodes, hybrid nodes given it at activation). */
export const WINDOWS_NODE_TAG = { key: 'OperatingSystem', values: ['Windows'] };
/** The tag the platform's Linux nodes carry. */
export const LINUX_NODE_TAG = { key: 'OperatingSystem', values: ['Linux'] };

/**
 * The hosting platform's guest-level sources: a bastion Auto Scaling group
 * with its login logging, an egress Network Firewall logging ALERT and FLOW to
 * the central archive, Logging Made Easy Windows event collection and chrony
 * for the tagged nodes.
 */
export class HostingGuestSources extends Construct {
  public readonly bastions: autoscaling.AutoScalingGroup;
  public readonly firewall: networkfirewall.CfnFirewall;

  constructor(scope: Construct, id: string, vpc: ec2.Vpc, central: CentralLogTargets, exposure: ServiceExposure) {
    super(scope, id);
    // A bastion Auto Scaling group reached by Session Manager (no inbound port), tagged as Linux.
    const role = new iam.Role(this, 'BastionRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    CloudWatchAgentConfiguration.grantAgent(role);
    const launchTemplate = new ec2.LaunchTemplate(this, 'BastionLaunchTemplate', {
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.genericLinux({ [vpc.stack.region]: 'ami-0123456789abcdef0' }),
      role,
      requireImdsv2: true,
      associatePublicIpAddress: false,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }],
    });
    this.bastions = new autoscaling.AutoScalingGroup(this, 'Bastions', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplate,
      minCapacity: 1,
      maxCapacity: 1,
    });
    // Spread over the VPC's zones, named as well as implied by the subnets (CT.AUTOSCALING.PR.2 reads AvailabilityZones).
    (this.bastions.node.defaultChild as autoscaling.CfnAutoScalingGroup).availabilityZones = vpc.availabilityZones;
    acknowledgeExampleBastions(this.bastions);
    new BastionLogging(this, 'BastionLogging', { central, exposure, autoScalingGroups: [this.bastions] });

    // Every Linux node keeps its clock on the Amazon Time Sync Service, and ships chrony's tracking log (PU-2).
    new TimeSyncConfiguration(this, 'TimeSync', {
      central, exposure, targets: [{ key: 'SecurityLogRole', values: ['bastion'] }, LINUX_NODE_TAG],
    });
    // Windows nodes (instances, WorkSpaces, on-premises devices by hybrid activation) ship the LME event set (HP-E5).
    new WindowsSecurityLogging(this, 'WindowsSecurityLogs', { central, exposure, targets: [WINDOWS_NODE_TAG], includeSysmon: true });

    // A minimal egress firewall: alert on web traffic (HTTP host and TLS SNI in the alert logs), drop nothing by default.
    const rules = new networkfirewall.CfnRuleGroup(this, 'WebEgressRules', {
      ruleGroupName: 'web-egress-alerts',
      type: 'STATEFUL',
      capacity: 100,
      ruleGroup: {
        rulesSource: {
          rulesString: [
            'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"web egress"; flow:to_server,established; sid:1000001; rev:1;)',
            'alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:"tls egress"; flow:to_server,established; sid:1000002; rev:1;)',
          ].join('\n'),
        },
      },
    });
    const policy = new networkfirewall.CfnFirewallPolicy(this, 'FirewallPolicy', {
      firewallPolicyName: 'platform-egress',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulRuleGroupReferences: [{ resourceArn: rules.attrRuleGroupArn }],
      },
    });
    this.firewall = new networkfirewall.CfnFirewall(this, 'Firewall', {
      firewallName: 'platform-egress',
      firewallPolicyArn: policy.attrFirewallPolicyArn,
      vpcId: vpc.vpcId,
      subnetMappings: vpc.publicSubnets.map((s) => ({ subnetId: s.subnetId })),
    });
    new NetworkFirewallLogging(this, 'FirewallLogging', { central, firewall: this.firewall });
  }
}
