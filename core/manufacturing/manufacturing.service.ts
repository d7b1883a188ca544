import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import type { Actor } from '../shared/actor.ts';
import { activateBom, bomView, createBom, requirements, updateBom, type BomInput, type BomView } from './bom.service.ts';
import { Bom } from './bom.entity.ts';
import { AppError } from '../shared/errors.ts';
import { ProductionOrder, type ProductionStatus } from './production.entity.ts';
import { cancelProductionOrder, closeProductionOrder, createProductionOrder, releaseProductionOrder, type ProductionInput } from './production.service.ts';
import { noPegging, reportOutput, type OutputPegging, type OutputReport, type ReportResult } from './production-report.ts';
import { productionView, type ProductionView } from './production.view.ts';
import { acceptSuggestion, acceptSupplier, dismissSuggestion, runMrp } from './mrp.service.ts';
import { suggestionViews, type PlanView, type SuggestionView } from './mrp.view.ts';
import { MrpRun } from './mrp.entity.ts';
import { bomAvailability, type BomAvailability } from './bom-availability.ts';

/** Manufacturing: bills of materials, what making a product takes, production orders. */
export interface ManufacturingService {
  createBom(input: BomInput, actor: Actor): Promise<BomView>;
  updateBom(id: number, patch: Partial<Omit<BomInput, 'sku'>>, actor: Actor): Promise<BomView>;
  activateBom(id: number, actor: Actor): Promise<BomView>;
  getBom(id: number, actor: Actor): Promise<BomView>;
  /** Components for `quantity` good units by the active BOMs: `order` (kits exploded) or `all` levels. */
  requirements(sku: string, quantity: number, levels: 'order' | 'all', actor: Actor): Promise<Array<{ sku: string; name: string; quantity: number }>>;
  /** The active BOM's components for `quantity` against a warehouse's free stock, and how many can be made now. */
  bomAvailability(sku: string, quantity: number, actor: Actor): Promise<BomAvailability>;
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
  /** A material planning run now (409 `concurrent_update` while another runs); supersedes the open suggestions. */
  runMrp(actor: Actor, options?: { horizonDays?: number | undefined; announce?: boolean | undefined }): Promise<PlanView>;
  /** The latest run's suggestions (an empty plan before the first run). */
  latestPlan(actor: Actor): Promise<PlanView>;
  /** Makes a suggestion a draft purchase or production order, once however often it is asked. */
  acceptSuggestion(id: number, actor: Actor): Promise<{ suggestion: SuggestionView; created: boolean }>;
  /** Every open buy suggestion of a supplier as one draft purchase order per warehouse. */
  acceptSupplier(supplierCode: string, actor: Actor): Promise<SuggestionView[]>;
  dismissSuggestion(id: number, actor: Actor): Promise<SuggestionView>;
}

/** How far ahead planning looks by default. */
const horizonDays = 90;

/** `pegging`: where made-to-order output goes (orders hand it in; without it, output is free stock). */
export function createManufacturingService({ uow, clock, config }: ServiceContext, pegging: OutputPegging = noPegging): ManufacturingService {
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
    bomAvailability: async (sku, quantity, actor) => {
      authorize(actor, 'stock.read');
      return uow.read((em) => bomAvailability(em, sku, quantity));
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
      return uow.write((tx) => reportOutput(tx, number, report, actor, clock.now(), pegging));
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
        const rows = await em.find(ProductionOrder, filter.status ? { status: filter.status } : {}, { populate: ['product', 'warehouse'], orderBy: { id: 'desc' }, limit: 200 });
        return Promise.all(rows.map((mo) => productionView(em, mo)));
      });
    },
    runMrp: async (actor, options = {}) => {
      authorize(actor, 'production.plan');
      return uow.write((tx) => runMrp(tx, actor, clock.now(), options.horizonDays ?? horizonDays, config.REPORT_TIMEZONE, options.announce ?? true));
    },
    latestPlan: async (actor) => {
      authorize(actor, 'stock.read');
      return uow.read(async (em) => {
        const [run] = await em.find(MrpRun, {}, { orderBy: { id: 'desc' }, limit: 1 });
        if (!run) return { runId: 0, startedAt: clock.now().toISOString(), horizonDays, suggestions: [] };
        return { runId: run.id, startedAt: run.startedAt.toISOString(), horizonDays: run.horizonDays, suggestions: await suggestionViews(em, { run }) };
      });
    },
    acceptSuggestion: async (id, actor) => {
      authorize(actor, 'production.plan');
      return uow.write((tx) => acceptSuggestion(tx, id, actor, clock.now(), config.REPORT_TIMEZONE));
    },
    acceptSupplier: async (supplierCode, actor) => {
      authorize(actor, 'production.plan');
      return uow.write((tx) => acceptSupplier(tx, supplierCode, actor, clock.now()));
    },
    dismissSuggestion: async (id, actor) => {
      authorize(actor, 'production.plan');
      return uow.write((tx) => dismissSuggestion(tx, id, actor, clock.now()));
    },
  };
}
