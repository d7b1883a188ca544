import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { Product } from '../catalog/index.ts';
import { Bom, BomLine, type BomKind, type BomStatus } from './bom.entity.ts';
import { explode, findCycle, type BomFacts } from './bom-explosion.ts';

export interface BomInput {
  sku: string;
  kind?: BomKind | undefined;
  outputQuantity: number;
  produceDays?: number | undefined;
  lines: Array<{ sku: string; quantity: number; scrapBasisPoints?: number | undefined }>;
}

export interface BomView {
  id: number;
  sku: string;
  version: number;
  status: BomStatus;
  kind: BomKind;
  outputQuantity: number;
  produceDays: number;
  lines: Array<{ sku: string; quantity: number; scrapBasisPoints: number }>;
  activatedAt: string | null;
}

export async function bomView(em: EntityManager, bom: Bom): Promise<BomView> {
  await em.populate(bom, ['product']);
  const lines = await em.find(BomLine, { bom }, { populate: ['component'], orderBy: { sequence: 'asc', id: 'asc' } });
  return {
    id: bom.id, sku: bom.product.sku, version: bom.version, status: bom.status, kind: bom.kind, outputQuantity: bom.outputQuantity, produceDays: bom.produceDays,
    lines: lines.map((line) => ({ sku: line.component.sku, quantity: line.quantity, scrapBasisPoints: line.scrapBasisPoints })), activatedAt: bom.activatedAt?.toISOString() ?? null,
  };
}

async function findBom(tx: EntityManager, id: number, lock = false): Promise<Bom> {
  const bom = await tx.findOne(Bom, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!bom) throw new AppError('not_found', `No BOM ${id}`, { id });
  return bom;
}

/** The lines as rows: every component a product other than the output, each once. */
async function writeLines(tx: EntityManager, bom: Bom, output: number, lines: BomInput['lines']): Promise<void> {
  const skus = lines.map((line) => line.sku);
  if (new Set(skus).size !== skus.length) throw new AppError('invalid_input', 'Each component may appear once in a BOM', { skus });
  const products = await tx.find(Product, { sku: { $in: skus } });
  const missing = skus.filter((sku) => !products.some((product) => product.sku === sku));
  if (missing.length > 0) throw new AppError('not_found', `No product ${missing.join(', ')}`, { skus: missing });
  if (products.some((product) => product.id === output)) throw new AppError('invalid_input', 'A product cannot be a component of itself', {});
  await tx.nativeDelete(BomLine, { bom });
  lines.forEach((line, sequence) => tx.create(BomLine, {
    bom, component: products.find((product) => product.sku === line.sku)!, quantity: line.quantity, scrapBasisPoints: line.scrapBasisPoints ?? 0, sequence,
  }));
}

/** A new draft version of a product's BOM (version = the highest so far + 1). */
export async function createBom(tx: EntityManager, input: BomInput, actor: Actor): Promise<Bom> {
  const product = await tx.findOne(Product, { sku: input.sku });
  if (!product) throw new AppError('not_found', `No product ${input.sku}`, { sku: input.sku });
  const [latest] = await tx.execute<Array<{ version: number | null }>>('select max(version) as version from bom where product_id = ?', [product.id]);
  const bom = tx.create(Bom, {
    product, version: (latest?.version ?? 0) + 1, status: 'draft', kind: input.kind ?? 'make', outputQuantity: input.outputQuantity,
    produceDays: input.produceDays ?? 0, createdBy: actorLabel(actor), activatedAt: null,
  });
  await tx.flush();
  await writeLines(tx, bom, product.id, input.lines);
  audit(tx, actor, { entityType: 'bom', entityId: `${input.sku}@${bom.version}`, action: 'bom.created', after: { ...input } });
  await tx.flush();
  return bom;
}

/** Changes a draft; an active (or archived) BOM never changes: 409, make a new version. */
export async function updateBom(tx: EntityManager, id: number, patch: Partial<Omit<BomInput, 'sku'>>, actor: Actor): Promise<Bom> {
  const bom = await findBom(tx, id, true);
  if (bom.status !== 'draft') throw new AppError('invalid_transition', `BOM ${id} is ${bom.status}: an active BOM cannot be edited, create a new version`, { id, status: bom.status });
  tx.assign(bom, {
    ...(patch.kind && { kind: patch.kind }), ...(patch.outputQuantity && { outputQuantity: patch.outputQuantity }),
    ...(patch.produceDays !== undefined && { produceDays: patch.produceDays }),
  });
  if (patch.lines) await writeLines(tx, bom, bom.product.id, patch.lines);
  audit(tx, actor, { entityType: 'bom', entityId: String(id), action: 'bom.updated', after: { ...patch } });
  await tx.flush();
  return bom;
}

/** Every active BOM, as the arithmetic reads them, by output product. */
export async function activeFacts(em: EntityManager): Promise<Map<number, BomFacts>> {
  const lines = await em.find(BomLine, { bom: { status: 'active' } }, { populate: ['bom'] });
  const boms = await em.find(Bom, { status: 'active' });
  return new Map(boms.map((bom) => [bom.product.id, {
    productId: bom.product.id, kind: bom.kind, outputQuantity: bom.outputQuantity,
    lines: lines.filter((line) => line.bom.id === bom.id).map((line) => ({ componentId: line.component.id, quantity: line.quantity, scrapBasisPoints: line.scrapBasisPoints })),
  }]));
}

/**
 * Activates a draft: refused (422 `bom_cycle`, the path of SKUs in `details.path`) when it would
 * make a product need itself through the active BOMs; else the product's active BOM is archived
 * and this one takes its place, in one transaction (one active BOM per product, by index too).
 */
export async function activateBom(tx: EntityManager, id: number, now: Date, actor: Actor): Promise<Bom> {
  // One activation at a time: two drafts of a cycle activated at once would each see no cycle.
  await tx.execute(`select pg_advisory_xact_lock(hashtext('bom-activation'))`);
  const bom = await findBom(tx, id, true);
  if (bom.status !== 'draft') throw new AppError('invalid_transition', `BOM ${id} is ${bom.status}`, { id, status: bom.status });
  const lines = await tx.find(BomLine, { bom });
  const candidate: BomFacts = { productId: bom.product.id, kind: bom.kind, outputQuantity: bom.outputQuantity, lines: lines.map((line) => ({ componentId: line.component.id, quantity: line.quantity, scrapBasisPoints: line.scrapBasisPoints })) };
  if (candidate.lines.length === 0) throw new AppError('invalid_input', `BOM ${id} has no components`, { id });
  const cycle = findCycle(candidate, await activeFacts(tx));
  if (cycle) {
    const products = await tx.find(Product, { id: { $in: cycle } });
    const path = cycle.map((productId) => products.find((product) => product.id === productId)?.sku ?? String(productId));
    throw new AppError('bom_cycle', `This BOM would make ${path[0]} need itself: ${path.join(' → ')}`, { path });
  }
  await tx.nativeUpdate(Bom, { product: bom.product, status: 'active' }, { status: 'archived' });
  tx.assign(bom, { status: 'active', activatedAt: now });
  await tx.populate(bom, ['product']);
  audit(tx, actor, { entityType: 'bom', entityId: `${bom.product.sku}@${bom.version}`, action: 'bom.activated' });
  await tx.flush();
  return bom;
}

/** What making `quantity` of a product takes by the active BOMs: at order level (kits exploded) or all the way down. */
export async function requirements(em: EntityManager, sku: string, quantity: number, levels: 'order' | 'all'): Promise<Array<{ sku: string; name: string; quantity: number }>> {
  const product = await em.findOne(Product, { sku });
  if (!product) throw new AppError('not_found', `No product ${sku}`, { sku });
  const boms = await activeFacts(em);
  if (!boms.has(product.id)) throw new AppError('not_found', `${sku} has no active BOM`, { sku });
  const needs = explode(product.id, quantity, boms, levels);
  const products = await em.find(Product, { id: { $in: [...needs.keys()] } }, { orderBy: { sku: 'asc' } });
  return products.map((each) => ({ sku: each.sku, name: each.name, quantity: needs.get(each.id)! }));
}
