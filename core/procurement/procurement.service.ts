import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import type { AbcClass } from '../inventory/index.ts';
import { Supplier } from './supplier.entity.ts';
import type { PurchaseOrderStatus } from './purchase-order.entity.ts';
import {
  changePurchaseOrderStatus, createPurchaseOrder, createSupplier, getPurchaseOrder, listPurchaseOrders, receivePurchaseOrder,
  type PurchaseOrderInput, type PurchaseOrderView,
} from './purchase-order.service.ts';
import { draftFromPolicy, proposePurchaseOrders, setReorderPolicy } from './reorder-proposals.ts';

export interface SupplierView {
  code: string;
  name: string;
  leadTimeDays: number;
  email: string | null;
  phone: string | null;
}

export interface ReorderPolicyInput {
  warehouse?: string | undefined;
  sku: string;
  reorderPoint: number;
  safetyStock?: number | undefined;
  reorderQuantity?: number | null | undefined;
  supplier?: string | undefined;
  /** A class fixed by hand, or `auto` to let the weekly run compute it again. */
  abcClass?: AbcClass | 'auto' | undefined;
  /** Material planning buys at least this many, in multiples of `orderMultiple`. */
  minOrderQuantity?: number | undefined;
  orderMultiple?: number | undefined;
}

export interface ReorderPolicyView {
  sku: string;
  reorderPoint: number;
  safetyStock: number;
  reorderQuantity: number | null;
  abcClass: AbcClass;
  /** Fixed by hand (the weekly run leaves it alone). */
  abcFixed: boolean;
  minOrderQuantity: number;
  orderMultiple: number;
}

/** Buying: suppliers, purchase orders and their receipts, reorder policies and proposals. */
export interface ProcurementService {
  createSupplier(input: { code: string; name: string; leadTimeDays?: number | undefined; email?: string | undefined; phone?: string | undefined }, actor: Actor): Promise<SupplierView>;
  listSuppliers(actor: Actor): Promise<SupplierView[]>;
  createPurchaseOrder(input: PurchaseOrderInput): Promise<PurchaseOrderView>;
  getPurchaseOrder(number: string, actor: Actor): Promise<PurchaseOrderView>;
  listPurchaseOrders(status: PurchaseOrderStatus | undefined, actor: Actor): Promise<PurchaseOrderView[]>;
  /** draft → sent, or draft/sent → cancelled. */
  changeStatus(number: string, to: 'sent' | 'cancelled', actor: Actor): Promise<PurchaseOrderView>;
  /** A goods receipt (partial allowed, never more than ordered) through the stock ledger. */
  receive(number: string, lines: Array<{ sku: string; quantity: number }>, actor: Actor, note?: string): Promise<PurchaseOrderView>;
  /** The reorder run: a draft per supplier and warehouse for everything below its point. */
  proposePurchaseOrders(actor: Actor): Promise<PurchaseOrderView[]>;
  /** The "Create purchase order" button under a low-stock alert. */
  draftFromPolicy(warehouseId: number, productId: number, actor: Actor): Promise<PurchaseOrderView>;
  setReorderPolicy(input: ReorderPolicyInput, actor: Actor): Promise<ReorderPolicyView>;
}

const supplierView = (supplier: Supplier): SupplierView => ({
  code: supplier.code, name: supplier.name, leadTimeDays: supplier.leadTimeDays, email: supplier.email ?? null, phone: supplier.phone ?? null,
});

export function createProcurementService({ uow, clock }: ServiceContext): ProcurementService {
  return {
    createSupplier: async (input, actor) => {
      authorize(actor, 'purchase.create');
      return uow.write(async (tx) => supplierView(await createSupplier(tx, input)));
    },
    listSuppliers: async (actor) => {
      authorize(actor, 'stock.read');
      return uow.read(async (em) => (await em.find(Supplier, {}, { orderBy: { code: 'asc' } })).map(supplierView));
    },
    createPurchaseOrder: async (input) => {
      authorize(input.actor, 'purchase.create');
      return uow.write((tx) => createPurchaseOrder(tx, input, clock.now()));
    },
    getPurchaseOrder: async (number, actor) => {
      authorize(actor, 'stock.read');
      return uow.read((em) => getPurchaseOrder(em, number));
    },
    listPurchaseOrders: async (status, actor) => {
      authorize(actor, 'stock.read');
      return uow.read((em) => listPurchaseOrders(em, status));
    },
    changeStatus: async (number, to, actor) => {
      authorize(actor, 'purchase.create');
      return uow.write((tx) => changePurchaseOrderStatus(tx, number, to, actor));
    },
    receive: async (number, lines, actor, note) => {
      authorize(actor, 'purchase.receive');
      return uow.write((tx) => receivePurchaseOrder(tx, number, lines, actor, note?.slice(0, 500)));
    },
    proposePurchaseOrders: async (actor) => {
      authorize(actor, 'purchase.create');
      return uow.write((tx) => proposePurchaseOrders(tx, actor, clock.now()));
    },
    draftFromPolicy: async (warehouseId, productId, actor) => {
      authorize(actor, 'purchase.create');
      return uow.write((tx) => draftFromPolicy(tx, warehouseId, productId, actor, clock.now()));
    },
    setReorderPolicy: async (input, actor) => {
      authorize(actor, 'stock.adjust');
      return uow.write(async (tx) => {
        const policy = await setReorderPolicy(tx, input);
        return { sku: policy.product.sku, reorderPoint: policy.reorderPoint, safetyStock: policy.safetyStock, reorderQuantity: policy.reorderQuantity ?? null, abcClass: policy.abcClass, abcFixed: policy.abcFixed,
          minOrderQuantity: policy.minOrderQuantity, orderMultiple: policy.orderMultiple };
      });
    },
  };
}
