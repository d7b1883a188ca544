/** A BOM as the arithmetic sees it: the output product, batch size, kind, and per-batch components. */
export interface BomFacts {
  productId: number;
  kind: 'make' | 'kit';
  outputQuantity: number;
  lines: Array<{ componentId: number; quantity: number; scrapBasisPoints: number }>;
}

/**
 * Units of a component needed for `made` good units: `ceil(made × qty × (10000 + scrap) /
 * (batch × 10000))`, in exact integer arithmetic (BigInt inside, so no float rounding ever
 * adds or loses a unit). A batch of 4 using 1,000 g at 5 % scrap: making 10 needs 2,625 g.
 */
export function componentNeed(made: number, line: { quantity: number; scrapBasisPoints: number }, outputQuantity: number): number {
  const numerator = BigInt(made) * BigInt(line.quantity) * BigInt(10_000 + line.scrapBasisPoints);
  const denominator = BigInt(outputQuantity) * 10_000n;
  return Number((numerator + denominator - 1n) / denominator);
}

/** The deepest a BOM may nest (a deeper one is refused as if it were a cycle). */
export const maxBomDepth = 10;

/**
 * What making `quantity` of a product takes, by component, pure. `levels: 'order'` is what a
 * production order reserves: its direct components, kits exploded in place (a kit is never
 * stocked), made sub-assemblies left as components. `levels: 'all'` goes down every level (the
 * planning view): each sub-assembly's need is rounded at its level and its own components
 * computed from that, and a raw material used in several branches is added up. Products with
 * no BOM (or none of the right kind) are leaves.
 */
export function explode(productId: number, quantity: number, boms: ReadonlyMap<number, BomFacts>, levels: 'order' | 'all'): Map<number, number> {
  const needs = new Map<number, number>();
  const add = (id: number, units: number) => needs.set(id, (needs.get(id) ?? 0) + units);
  const walk = (bom: BomFacts, made: number, depth: number) => {
    if (depth > maxBomDepth) throw new Error(`BOM deeper than ${maxBomDepth} levels`);
    for (const line of bom.lines) {
      const need = componentNeed(made, line, bom.outputQuantity);
      const child = boms.get(line.componentId);
      if (child && (child.kind === 'kit' || levels === 'all')) walk(child, need, depth + 1);
      else add(line.componentId, need);
    }
  };
  const root = boms.get(productId);
  if (!root) return needs;
  walk(root, quantity, 0);
  return needs;
}

/**
 * The first cycle a BOM would close among the others (product ids along the path, the first
 * repeated at the end), or null. Depth-first over the components' BOMs.
 */
export function findCycle(candidate: BomFacts, boms: ReadonlyMap<number, BomFacts>): number[] | null {
  const graph = new Map(boms);
  graph.set(candidate.productId, candidate);
  const visit = (productId: number, path: number[]): number[] | null => {
    if (path.includes(productId)) return [...path.slice(path.indexOf(productId)), productId];
    if (path.length > maxBomDepth) return [...path, productId];
    const bom = graph.get(productId);
    if (!bom) return null;
    for (const line of bom.lines) {
      const found = visit(line.componentId, [...path, productId]);
      if (found) return found;
    }
    return null;
  };
  return visit(candidate.productId, []);
}
