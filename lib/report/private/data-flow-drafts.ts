import { CfnResource } from 'aws-cdk-lib';
import { DEPLOY_TIME, NODE_TYPES, Target } from './data-flow-types';
import { compareBy, compareText, plural, TextCleaner } from './text';
import { DataFlowEdge, DataFlowGraph, DataFlowNode, DataFlowNodeKind } from '../coverage-report-document';

/** A node of the diagram while it is being drawn, keyed by what it stands for. */
export interface NodeDraft {
  readonly key: string;
  readonly kind: DataFlowNodeKind;
  readonly external: boolean;
  /** Label without the count. */
  readonly label: string;
  /** For aggregated sources: what is counted, singular and plural. */
  readonly countNoun?: readonly [string, string];
  readonly members: Set<string>;
  readonly paths: Set<string>;
}

interface EdgeDraft {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly links: Set<string>;
}

const KIND_ORDER = [DataFlowNodeKind.SOURCE, DataFlowNodeKind.ROUTE, DataFlowNodeKind.STORE, DataFlowNodeKind.SIEM];

/**
 * The nodes and edges of the data-flow diagram as the readers find them:
 * one node per resource, external name or aggregated source, one edge per
 * pair and label (counting the resources that draw it). `finish` turns them
 * into the report's sorted graph with Mermaid ids.
 */
export class DataFlowDrafts {
  private readonly nodes = new Map<string, NodeDraft>();
  private readonly edges = new Map<string, EdgeDraft>();

  constructor(private readonly cleaner: TextCleaner) {}

  /** The node of a target; with `create` false, only one already drawn. */
  public nodeFor(target: Target | undefined, create = true): NodeDraft | undefined {
    if (!target) {
      return undefined;
    }
    if (target.resource) {
      const key = `res:${target.resource.node.path}`;
      return create ? this.resourceNode(target.resource) : this.nodes.get(key);
    }
    const ext = target.external!;
    const info = ext.type ? NODE_TYPES[ext.type] : undefined;
    const key = `ext:${ext.type ?? 'unknown'}:${ext.account ?? ''}:${ext.name}`;
    if (!create) {
      return this.nodes.get(key);
    }
    const account = ext.account && ext.account !== DEPLOY_TIME && ext.type !== 'AWS::S3::Bucket' ? `\naccount ${ext.account}` : '';
    return this.node(key, info?.kind ?? DataFlowNodeKind.ROUTE, `${info?.label ?? ext.type ?? 'Destination'} ${ext.name}${account}`, true);
  }

  public resourceNode(r: CfnResource): NodeDraft {
    const info = NODE_TYPES[r.cfnResourceType] ?? { label: r.cfnResourceType, kind: DataFlowNodeKind.ROUTE };
    const node = this.node(`res:${r.node.path}`, info.kind, `${info.label}\n${shortPath(r.node.path)}`, false);
    node.paths.add(r.node.path);
    return node;
  }

  /** An aggregated source node; `member` is what is counted (by default the resource itself). */
  public sourceNode(label: string, r: CfnResource, member: string = r.node.path, countNoun?: readonly [string, string]): NodeDraft {
    const node = this.node(`src:${label}`, DataFlowNodeKind.SOURCE, label, false, countNoun);
    node.members.add(member);
    node.paths.add(r.node.path);
    return node;
  }

  public node(key: string, kind: DataFlowNodeKind, label: string, external: boolean, countNoun?: readonly [string, string]): NodeDraft {
    let node = this.nodes.get(key);
    if (!node) {
      node = { key, kind, label: this.cleaner.clean(label), external, countNoun, members: new Set(), paths: new Set() };
      this.nodes.set(key, node);
    }
    return node;
  }

  /** An edge from a node to the node of a target, drawn by `via`; nothing when either is missing. */
  public link(from: NodeDraft | undefined, to: Target | undefined, label: string, via: CfnResource): void {
    const toNode = this.nodeFor(to);
    if (from && toNode) {
      this.addEdge(from, toNode, label, via);
    }
  }

  public addEdge(from: NodeDraft, to: NodeDraft, label: string, via: CfnResource): void {
    const key = `${from.key}\u0000${to.key}\u0000${label}`;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = { from: from.key, to: to.key, label, links: new Set() };
      this.edges.set(key, edge);
    }
    edge.links.add(via.node.path);
  }

  /** The graph of the report: sources and every node on an edge, sorted, with counts in the labels. */
  public finish(): DataFlowGraph {
    const drafts = [...this.nodes.values()].filter((n) => n.kind === DataFlowNodeKind.SOURCE || this.hasEdge(n));
    const ids = assignIds(drafts.map((n) => n.key));
    const nodes: DataFlowNode[] = drafts
      .map((n) => ({
        id: ids.get(n.key)!,
        kind: n.kind,
        label: n.kind === DataFlowNodeKind.SOURCE
          ? `${n.label} (${n.countNoun ? plural(n.members.size, ...n.countNoun) : n.members.size})`
          : n.label,
        external: n.external,
        constructPaths: [...n.paths].sort(compareText),
      }))
      .sort(compareBy<DataFlowNode>((n) => KIND_ORDER.indexOf(n.kind), (n) => n.label, (n) => n.id));
    const edges: DataFlowEdge[] = [...this.edges.values()]
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e) => ({
        from: ids.get(e.from)!,
        to: ids.get(e.to)!,
        label: e.links.size > 1 ? `${e.label} (${e.links.size})` : e.label,
      }))
      .sort(compareBy<DataFlowEdge>((e) => e.from, (e) => e.to, (e) => e.label));
    return { nodes, edges };
  }

  private hasEdge(n: NodeDraft): boolean {
    for (const e of this.edges.values()) {
      if (e.from === n.key || e.to === n.key) {
        return true;
      }
    }
    return false;
  }
}

/** Mermaid ids from node keys: letters, digits and underscores, unique, assigned in key order. */
function assignIds(keys: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const key of [...keys].sort(compareText)) {
    const [prefix, ...rest] = key.split(':');
    const base = `${prefix}_${rest.join('_').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`.slice(0, 80);
    let id = base;
    for (let n = 2; used.has(id); n++) {
      id = `${base}_${n}`;
    }
    used.add(id);
    ids.set(key, id);
  }
  return ids;
}

/** A construct path without the trailing `/Resource` or `/Default` of an L2's L1. */
function shortPath(path: string): string {
  return path.replace(/\/(Resource|Default)$/, '');
}
