import {
  CfnResource,
  DefaultTokenResolver,
  IFragmentConcatenator,
  IPostProcessor,
  IResolvable,
  IResolveContext,
  Reference,
  Stack,
  Tokenization,
} from 'aws-cdk-lib';

/**
 * Turns L1 property values into plain JSON in which every reference to a
 * CfnResource of the app is a placeholder string that names that resource.
 *
 * Why not `Stack.of(node).resolve(value)`: a reference to a resource in
 * another stack resolves differently before synthesis (`{ Ref: <producer's
 * logical id> }`, wrongly looked up in the consumer's stack), after synthesis
 * (`{ 'Fn::ImportValue': ... }`) and inside a nested stack (`{ Ref: <the
 * nested stack's parameter> }`). The token behind all three is the same
 * `Reference` whose `target` is the producer's CfnResource, so this resolver
 * stops there and records the target. Plain intrinsics written as literals
 * (`{ Ref: 'X' }`, `{ 'Fn::GetAtt': ['X', 'Arn'] }`, for example from
 * `cloudformation-include`) are looked up by logical id in the resource's own
 * stack.
 */
export class ReferenceResolver {
  private readonly targets: CfnResource[] = [];
  private readonly ids = new Map<CfnResource, number>();
  private readonly tokenResolver: CapturingTokenResolver;

  /**
   * @param lookupLogicalId finds a resource of a stack by its logical id
   */
  constructor(private readonly lookupLogicalId: (stack: Stack, logicalId: string) => CfnResource | undefined) {
    this.tokenResolver = new CapturingTokenResolver((target) => this.placeholder(target));
  }

  /**
   * Resolve a property value of `owner` to plain JSON with reference
   * placeholders. Throws what CDK throws when a token cannot be resolved.
   */
  public resolve(owner: CfnResource, value: unknown): unknown {
    if (value === undefined || value === null) {
      return value;
    }
    const resolved = Tokenization.resolve(value, { scope: owner, resolver: this.tokenResolver, preparing: false });
    return this.replaceLiteralIntrinsics(Stack.of(owner), resolved);
  }

  /** Every resource referenced anywhere in a resolved value, in order of appearance, without repeats. */
  public referencesIn(resolved: unknown): CfnResource[] {
    const found: CfnResource[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === 'string') {
        for (const match of v.matchAll(PLACEHOLDER_GLOBAL)) {
          const target = this.targets[Number(match[1])];
          if (target && !found.includes(target)) {
            found.push(target);
          }
        }
      } else if (Array.isArray(v)) {
        v.forEach(visit);
      } else if (v && typeof v === 'object') {
        Object.values(v as Record<string, unknown>).forEach(visit);
      }
    };
    visit(resolved);
    return found;
  }

  /** The resources a property value of `owner` refers to (resolving it first). */
  public referencedBy(owner: CfnResource, value: unknown): CfnResource[] {
    return this.referencesIn(this.resolve(owner, value));
  }

  /** The resource a resolved value is exactly a reference to (`Ref` or `Fn::GetAtt`), if it is one. */
  public referenceOf(resolved: unknown): CfnResource | undefined {
    if (typeof resolved !== 'string') {
      return undefined;
    }
    const match = PLACEHOLDER_EXACT.exec(resolved);
    return match ? this.targets[Number(match[1])] : undefined;
  }

  /**
   * A resolved value as text, when it is a string or an `Fn::Join` of strings.
   * Anything this resolver cannot see through (a parameter, a pseudo
   * parameter, an import) is written `${...}`. Undefined for other shapes.
   */
  public textOf(resolved: unknown): string | undefined {
    if (typeof resolved === 'string') {
      return resolved;
    }
    if (typeof resolved === 'number' || typeof resolved === 'boolean') {
      return String(resolved);
    }
    if (resolved && typeof resolved === 'object' && !Array.isArray(resolved)) {
      const join = (resolved as Record<string, unknown>)['Fn::Join'];
      if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
        return join[1].map((part) => this.textOf(part) ?? UNKNOWN_TEXT).join(join[0]);
      }
      if (isIntrinsic(resolved)) {
        return UNKNOWN_TEXT;
      }
    }
    return undefined;
  }

  /** Whether a resolved value holds an intrinsic (parameter, import, condition) whose value is known only at deploy time. */
  public hasDeployTimeValue(resolved: unknown): boolean {
    if (typeof resolved === 'string') {
      return resolved.includes(UNKNOWN_TEXT);
    }
    if (Array.isArray(resolved)) {
      return resolved.some((v) => this.hasDeployTimeValue(v));
    }
    if (resolved && typeof resolved === 'object') {
      if (isIntrinsic(resolved) && !('Fn::Join' in resolved)) {
        return true;
      }
      return Object.values(resolved as Record<string, unknown>).some((v) => this.hasDeployTimeValue(v));
    }
    return false;
  }

  /** Text for messages: reference placeholders become `<construct path>`. */
  public describe(resolved: unknown): string {
    const text = this.textOf(resolved) ?? JSON.stringify(resolved) ?? '';
    return text.replace(PLACEHOLDER_GLOBAL, (_m, n: string) => `<${this.targets[Number(n)]?.node.path ?? '?'}>`);
  }

  private placeholder(target: CfnResource): string {
    let id = this.ids.get(target);
    if (id === undefined) {
      id = this.targets.length;
      this.targets.push(target);
      this.ids.set(target, id);
    }
    return `${PLACEHOLDER_OPEN}${id}${PLACEHOLDER_CLOSE}`;
  }

  private replaceLiteralIntrinsics(stack: Stack, v: unknown): unknown {
    if (Array.isArray(v)) {
      return v.map((x) => this.replaceLiteralIntrinsics(stack, x));
    }
    if (!v || typeof v !== 'object') {
      return v;
    }
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof obj.Ref === 'string') {
      const target = this.lookupLogicalId(stack, obj.Ref);
      return target ? this.placeholder(target) : obj;
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const att = obj['Fn::GetAtt'];
      const logicalId = Array.isArray(att) ? att[0] : typeof att === 'string' ? att.split('.')[0] : undefined;
      const target = typeof logicalId === 'string' ? this.lookupLogicalId(stack, logicalId) : undefined;
      return target ? this.placeholder(target) : obj;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      out[k] = this.replaceLiteralIntrinsics(stack, obj[k]);
    }
    return out;
  }
}

// Characters that never occur in CloudFormation values written by people.
const PLACEHOLDER_OPEN = '\u27e6ref:';
const PLACEHOLDER_CLOSE = '\u27e7';
const PLACEHOLDER_GLOBAL = /\u27e6ref:(\d+)\u27e7/g;
const PLACEHOLDER_EXACT = /^\u27e6ref:(\d+)\u27e7$/;
const UNKNOWN_TEXT = '${?}';

function isIntrinsic(v: object): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

/**
 * Joins string fragments; a fragment that resolved to an intrinsic (for
 * example `{ Ref: 'AWS::Partition' }`) is kept as an `Fn::Join` part rather
 * than turned into '[object Object]'.
 */
class JoinConcat implements IFragmentConcatenator {
  public join(left: any, right: any): any {
    if (left === undefined) {
      return right;
    }
    if (right === undefined) {
      return left;
    }
    if (typeof left === 'string' && typeof right === 'string') {
      return left + right;
    }
    return { 'Fn::Join': ['', [...joinParts(left), ...joinParts(right)]] };
  }
}

function joinParts(v: any): any[] {
  const join = v && typeof v === 'object' ? v['Fn::Join'] : undefined;
  return Array.isArray(join) && join[0] === '' && Array.isArray(join[1]) ? join[1] : [v];
}

/** Resolves tokens as CDK does, except that a reference to a CfnResource becomes a placeholder. */
class CapturingTokenResolver extends DefaultTokenResolver {
  constructor(private readonly onReference: (target: CfnResource) => string) {
    super(new JoinConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (Reference.isReference(t) && CfnResource.isCfnResource(t.target)) {
      return this.onReference(t.target);
    }
    return super.resolveToken(t, context, postProcessor);
  }
}
