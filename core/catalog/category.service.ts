import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { audit } from '../shared/audit.ts';
import { ProductCategory } from './category.entity.ts';

export interface CategoryNames {
  name: string;
  nameZh: string | null;
}

/** Creates or renames a category's names (audited with the names before and after). */
export async function setCategoryNames(em: EntityManager, code: string, names: CategoryNames, actor: Actor): Promise<CategoryNames & { code: string }> {
  const existing = await em.findOne(ProductCategory, { code });
  const before = existing ? { name: existing.name, nameZh: existing.nameZh ?? null } : null;
  if (existing) em.assign(existing, names);
  else em.create(ProductCategory, { code, ...names });
  audit(em, actor, { entityType: 'category', entityId: code, action: 'category.named', before, after: { ...names } });
  await em.flush();
  return { code, ...names };
}
