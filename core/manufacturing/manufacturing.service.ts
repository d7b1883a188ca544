import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import type { Actor } from '../shared/actor.ts';
import { activateBom, bomView, createBom, requirements, updateBom, type BomInput, type BomView } from './bom.service.ts';
import { Bom } from './bom.entity.ts';
import { AppError } from '../shared/errors.ts';
import { ProductionOrder, type ProductionStatus } from './production.entity.ts';
import { cancelProductionOrder, closeProductionOrder, createProductionOrder, releaseProductionOrder, type ProductionInput } from './production.service.ts';
import { reportOutput, type OutputReport, type ReportResult } from './production-report.ts';
import { productionView, type ProductionView } from './production.view.ts';

/** Manufacturing: bills of materials, what making a product takes, production orders. */
export interface ManufacturingService {
  createBom(input: BomInput, actor: Actor): Promise<BomView>;
  updateBom(id: number, patch: Partial<Omit<BomInput, 'sku'>>, actor: Actor): Promise<BomView>;
  activateBom(id: number, actor: Actor): Promise<BomView>;
  getBom(id: number, actor: Actor): Promise<BomView>;
  /** Components for `quantity` good units by the active BOMs: `order` (kits exploded) or `all` levels. */
  requirements(sku: string, quantity: number, levels: 'order' | 'all', actor: Actor): Promise<Array<{ sku: string; name: string; quantity: number }>>;
  createProductionOrder(input: ProductionInput, actor: Actor): Promise<ProductionView>;
  /** Reserves every component in one transaction, or 409 `insufficient_stock` listing each short one and nothing reserved. */
  releaseProductionOrder(number: string, actor: Actor): Promise<ProductionView>;
  /** Output made and scrapped, once per `report.key`; consumes components and adds the output through the ledger. */
  reportOutput(number: string, report: OutputReport, actor: Actor): Promise<ReportResult>;
  /** Ends a started MO (a reason when short of plan); every leftover reservation is released. */
  closeProductionOrder(number: string, reason: string | undefined, actor: Actor): Promise<ProductionView>;
  cancelProductionOrder(number: string, actor: Actor, reason?: string): Promise<ProductionView>;
  getProductionOrder(number: string, actor: Actor): Promise<ProductionView>;
  listProductionOrders(filter: { status?: ProductionStatus | undefined }, actor: Actor): Promise<ProductionView[]>;
}

export function createManufacturingService({ uow, clock, config }: ServiceContext): ManufacturingService {
  return {
    createBom: async (input, actor) => {
      authorize(actor, 'catalog.write');
      return uow.write(async (tx) => bomView(tx, await createBom(tx, input, actor)));
    },
    updateBom: async (id, patch, actor) => {
      authorize(actor, 'catalog.write');
      return uow.write(async (tx) => bomView(tx, await updateBom(tx, id, patch, actor)));
    },
    activateBom: async (id, actor) => {
      authorize(actor, 'catalog.write');
      return uow.write(async (tx) => bomView(tx, await activateBom(tx, id, clock.now(), actor)));
    },
    getBom: async (id, actor) => {
      authorize(actor, 'stock.read');
      return uow.read(async (em) => {
        const bom = await em.findOne(Bom, { id });
        if (!bom) throw new AppError('not_found', `No BOM ${id}`, { id });
        return bomView(em, bom);
      });
    },
    requirements: async (sku, quantity, levels, actor) => {
      authorize(actor, 'stock.read');
      return uow.read((em) => requirements(em, sku, quantity, levels));
    },
    createProductionOrder: async (input, actor) => {
      authorize(actor, 'production.manage');
      return uow.write(async (tx) => productionView(tx, await createProductionOrder(tx, input, 'manual', actor, clock.now(), config.REPORT_TIMEZONE)));
    },
    releaseProductionOrder: async (number, actor) => {
      authorize(actor, 'production.manage');
      return uow.write((tx) => releaseProductionOrder(tx, number, actor, clock.now()));
    },
    reportOutput: async (number, report, actor) => {
      authorize(actor, 'production.manage');
      return uow.write((tx) => reportOutput(tx, number, report, actor, clock.now()));
    },
    closeProductionOrder: async (number, reason, actor) => {
      authorize(actor, 'production.manage');
      return uow.write((tx) => closeProductionOrder(tx, number, reason, actor, clock.now()));
    },
    cancelProductionOrder: async (number, actor, reason) => {
      authorize(actor, 'production.manage');
      return uow.write((tx) => cancelProductionOrder(tx, number, actor, clock.now(), reason));
    },
    getProductionOrder: async (number, actor) => {
      authorize(actor, 'stock.read');
      return uow.read(async (em) => {
        const mo = await em.findOne(ProductionOrder, { number });
        if (!mo) throw new AppError('not_found', `No production order ${number}`, { number });
        return productionView(em, mo);
      });
    },
    listProductionOrders: async (filter, actor) => {
      authorize(actor, 'stock.read');
      return uow.read(async (em) => {
        const rows = await em.find(ProductionOrder, filter.status ? { status: filter.status } : {}, { orderBy: { id: 'desc' }, limit: 200 });
        return Promise.all(rows.map((mo) => productionView(em, mo)));
      });
    },
  };
}
