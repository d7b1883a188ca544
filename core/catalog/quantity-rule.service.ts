import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { Product } from './product.entity.ts';
import { QuantityRule } from './quantity-rule.entity.ts';
import { ruleProblem, type QuantityRuleFacts } from './quantity-rules.ts';

const factsOf = (rule: QuantityRule | null): QuantityRuleFacts | null => (rule ? { minimum: rule.minimum, increment: rule.increment, maximum: rule.maximum ?? null } : null);

/** Sets (or, with null, removes) a product's case-pack rule; refused when the rule contradicts itself; audited. */
export async function setQuantityRule(tx: EntityManager, sku: string, rule: QuantityRuleFacts | null, actor: Actor): Promise<QuantityRuleFacts | null> {
  const product = await tx.findOne(Product, { sku });
  if (!product) throw new AppError('not_found', `No product ${sku}`, { sku });
  const problem = rule ? ruleProblem(rule) : null;
  if (problem) throw new AppError('invalid_input', `Quantity rule of ${sku}: ${problem}`, { sku, ...rule });
  const existing = await tx.findOne(QuantityRule, { product });
  const before = factsOf(existing);
  if (rule) tx.assign(existing ?? tx.create(QuantityRule, { product, ...rule }), rule);
  else if (existing) tx.remove(existing);
  audit(tx, actor, { entityType: 'product', entityId: sku, action: 'product.quantity_rule', before: { quantityRule: before }, after: { quantityRule: rule } });
  await tx.flush();
  return rule;
}
