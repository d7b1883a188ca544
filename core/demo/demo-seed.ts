import type { EntityManager } from '@mikro-orm/postgresql';
import { Product, ProductCategory, type ProductKind } from '../catalog/index.ts';
import { receiveStock } from '../inventory/index.ts';
import { systemActor } from '../shared/actor.ts';
import { saveCarrier } from '../logistics/index.ts';
import type { ServiceContext } from '../shared/service-context.ts';

interface DemoProduct {
  sku: string;
  barcode: string;
  name: string;
  nameZh: string;
  description: string;
  descriptionZh: string;
  priceMinor: number;
  weightGrams: number;
  category: string;
  kind: ProductKind;
  aliases: string;
  stock: number;
}

/** A small bilingual shop: enough to browse, order, run out of stock and need approval. */
export const demoProducts: DemoProduct[] = [
  { sku: 'TEA-LJ-250', barcode: '6901234567892', name: 'Longjing green tea 250 g', nameZh: '龙井绿茶 250克', description: 'Spring-picked West Lake Longjing.', descriptionZh: '西湖明前龙井。', priceMinor: 16800, weightGrams: 300, category: 'tea', kind: 'goods', aliases: 'dragon well, longjing tea, 龙井茶', stock: 120 },
  { sku: 'TEA-PE-357', barcode: '6901234567908', name: 'Pu-erh tea cake 357 g', nameZh: '普洱茶饼 357克', description: 'Aged ripe pu-erh from Yunnan.', descriptionZh: '云南熟普洱，陈年。', priceMinor: 22800, weightGrams: 400, category: 'tea', kind: 'goods', aliases: 'puer, pu er, 普洱茶, 茶饼', stock: 60 },
  { sku: 'CUP-CER-2', barcode: '6901234567915', name: 'Ceramic tea cups, pair', nameZh: '陶瓷茶杯（一对）', description: 'Hand-glazed Jingdezhen porcelain.', descriptionZh: '景德镇手工釉瓷。', priceMinor: 9900, weightGrams: 450, category: 'teaware', kind: 'goods', aliases: 'teacups, cups, 茶杯, 杯子, 瓷杯', stock: 40 },
  { sku: 'POT-YX-200', barcode: '6901234567922', name: 'Yixing clay teapot 200 ml', nameZh: '宜兴紫砂壶 200毫升', description: 'Zisha clay, hand made.', descriptionZh: '手工紫砂。', priceMinor: 68000, weightGrams: 350, category: 'teaware', kind: 'goods', aliases: 'zisha, purple clay pot, 紫砂, 茶壶', stock: 8 },
  { sku: 'MOON-6', barcode: '6901234567939', name: 'Mooncake gift box (6)', nameZh: '月饼礼盒（6枚）', description: 'Lotus seed paste with egg yolk.', descriptionZh: '莲蓉蛋黄。', priceMinor: 19800, weightGrams: 900, category: 'gifts', kind: 'goods', aliases: 'moon cakes, 月饼', stock: 3 },
  { sku: 'SVC-ENGRAVE', barcode: '6901234567946', name: 'Engraving service', nameZh: '刻字服务', description: 'Up to 8 characters engraved on teaware.', descriptionZh: '茶具刻字，最多8个字。', priceMinor: 3000, weightGrams: 0, category: 'services', kind: 'service', aliases: 'engrave, 刻字, 雕刻', stock: 1000 },
];

/** The demo's categories with their names in both languages. */
const demoCategories = [
  { code: 'tea', name: 'Tea', nameZh: '茶叶' },
  { code: 'teaware', name: 'Teaware', nameZh: '茶具' },
  { code: 'gifts', name: 'Gifts', nameZh: '礼品' },
  { code: 'services', name: 'Services', nameZh: '服务' },
];

/** True when the catalogue has no products yet (the demo seeds only an empty database). */
export async function catalogIsEmpty(em: EntityManager): Promise<boolean> {
  return (await em.count(Product, {})) === 0;
}

/**
 * Seeds the demo catalogue and its stock at the default warehouse, stock going through the
 * ledger like any receipt. Products that already exist are left alone; returns how many were added.
 */
export async function seedDemoCatalog(tx: EntityManager): Promise<number> {
  const existing = new Set((await tx.find(Product, {}, { fields: ['sku'] })).map((product) => product.sku));
  const fresh = demoProducts.filter((product) => !existing.has(product.sku));
  const named = new Set((await tx.find(ProductCategory, {}, { fields: ['code'] })).map((category) => category.code));
  for (const category of demoCategories) if (!named.has(category.code)) tx.create(ProductCategory, category);
  if (fresh.length === 0) {
    await tx.flush();
    return 0;
  }
  for (const { stock: _stock, ...product } of fresh) tx.create(Product, { ...product, currency: 'CNY', active: true });
  await tx.flush();
  await receiveStock(tx, {
    lines: fresh.map((product) => ({ sku: product.sku, quantity: product.stock })),
    reference: 'demo-seed',
    actor: systemActor,
  });
  await seedDemoCarrier(tx);
  return fresh.length;
}

/** The simulated carrier (code `SIM`), so demo orders can be shipped and tracked end to end. */
export async function seedDemoCarrier(em: EntityManager): Promise<void> {
  await saveCarrier(em, {
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递', onTimeRate: 0.96,
    services: [
      { code: 'standard', name: 'standard', nameZh: '标准', transitDays: 2, supportsCod: true, codFeeMinor: 300, regions: ['*'], weightBands: [{ maxGrams: 1000, priceMinor: 800 }, { maxGrams: 5000, priceMinor: 1500 }, { maxGrams: 30_000, priceMinor: 4000 }] },
      { code: 'express', name: 'express', nameZh: '特快', transitDays: 1, cutoffHour: 15, supportsCod: true, codFeeMinor: 300, regions: ['*'], weightBands: [{ maxGrams: 1000, priceMinor: 1800 }, { maxGrams: 5000, priceMinor: 2800 }, { maxGrams: 30_000, priceMinor: 6000 }] },
    ],
  });
}

/** The demo shop's data, for `npm run demo` and `cli seed demo`. */
export interface DemoService {
  /** True while the catalogue is empty (a fresh database). */
  catalogIsEmpty(): Promise<boolean>;
  /** Seeds the demo catalogue, stock and carrier in one transaction; returns how many products were added. */
  seed(): Promise<number>;
}

export function createDemoService({ uow }: ServiceContext): DemoService {
  return {
    catalogIsEmpty: () => uow.read(catalogIsEmpty),
    seed: () => uow.write(seedDemoCatalog),
  };
}
