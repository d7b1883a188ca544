import { describe, expect, it } from 'vitest';
import { componentNeed, explode, findCycle, type BomFacts } from '../../core/manufacturing/index.ts';

const boms = (...list: BomFacts[]) => new Map(list.map((bom) => [bom.productId, bom]));
const line = (componentId: number, quantity: number, scrapBasisPoints = 0) => ({ componentId, quantity, scrapBasisPoints });

describe('BOM arithmetic (pure, whole units)', () => {
  it('a batch of 4 uses 1,000 g at 5 % scrap: making 10 needs 2,625 g; always rounded up, never by floating point', () => {
    expect(componentNeed(10, { quantity: 1000, scrapBasisPoints: 500 }, 4)).toBe(2625);
    expect(componentNeed(1, { quantity: 1, scrapBasisPoints: 0 }, 3)).toBe(1);
    expect(componentNeed(3, { quantity: 1, scrapBasisPoints: 0 }, 3)).toBe(1);
    expect(componentNeed(1_000_000, { quantity: 999_999_999, scrapBasisPoints: 5000 }, 7)).toBe(Number((1_000_000n * 999_999_999n * 15_000n + 70_000n - 1n) / 70_000n));
  });

  it('kits expand in place (their components appear, the kit does not); made sub-assemblies stay components at order level', () => {
    // GIFT-SET (1) is a kit of 2 cups (10) and a tea tin (11); a CHAIR (2) needs 1 seat (3, made) and 1 gift set.
    const all = boms(
      { productId: 1, kind: 'kit', outputQuantity: 1, lines: [line(10, 2), line(11, 1)] },
      { productId: 2, kind: 'make', outputQuantity: 1, lines: [line(3, 1), line(1, 1)] },
      { productId: 3, kind: 'make', outputQuantity: 1, lines: [line(20, 4)] },
    );
    expect(Object.fromEntries(explode(2, 5, all, 'order'))).toEqual({ 3: 5, 10: 10, 11: 5 });
    expect(Object.fromEntries(explode(2, 5, all, 'all'))).toEqual({ 20: 20, 10: 10, 11: 5 });
  });

  it("three levels: a raw material shared by two branches is added up, each level rounded from its parent's rounded need", () => {
    // TABLE (1) per batch of 2: 1 top (2) and 4 legs (3); a top per batch of 3 needs 5 kg oak (9); a leg needs 1 kg oak at 10 % scrap.
    const all = boms(
      { productId: 1, kind: 'make', outputQuantity: 2, lines: [line(2, 1), line(3, 4)] },
      { productId: 2, kind: 'make', outputQuantity: 3, lines: [line(9, 5)] },
      { productId: 3, kind: 'make', outputQuantity: 1, lines: [line(9, 1, 1000)] },
    );
    // 5 tables: ceil(5 × 1 / 2) = 3 tops → ceil(3 × 5 / 3) = 5 kg; ceil(5 × 4 / 2) = 10 legs → ceil(10 × 1.1) = 11 kg.
    expect(Object.fromEntries(explode(1, 5, all, 'all'))).toEqual({ 9: 16 });
    expect(Object.fromEntries(explode(1, 5, all, 'order'))).toEqual({ 2: 3, 3: 10 });
  });

  it('a BOM that closes a loop through the active ones is found with its path', () => {
    const active = boms({ productId: 2, kind: 'make', outputQuantity: 1, lines: [line(3, 1)] }, { productId: 3, kind: 'make', outputQuantity: 1, lines: [line(4, 1)] });
    expect(findCycle({ productId: 4, kind: 'make', outputQuantity: 1, lines: [line(2, 1)] }, active)).toEqual([4, 2, 3, 4]);
    expect(findCycle({ productId: 4, kind: 'make', outputQuantity: 1, lines: [line(5, 1)] }, active)).toBeNull();
  });
});
