// PostgreSQL cannot store U+0000 in text and fails the whole statement; SQLite stores it. Members'
// text never needs it (it comes from pasted binary or a fuzzer), so every string value written or
// compared through Kysely loses it, on both databases alike, instead of answering 500 on one.
import { OperationNodeTransformer, type KyselyPlugin, type PrimitiveValueListNode, type ValueNode } from 'kysely';

const strip = (value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value);

class WithoutNul extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = strip(node.value);
    return value === node.value ? node : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    const values = node.values.map(strip);
    return values.some((value, index) => value !== node.values[index]) ? { ...node, values } : node;
  }
}

const transformer = new WithoutNul();

export const withoutNul: KyselyPlugin = {
  transformQuery: (args) => transformer.transformNode(args.node, args.queryId),
  transformResult: async (args) => args.result
};
