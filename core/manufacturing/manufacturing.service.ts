import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import type { Actor } from '../shared/actor.ts';
import { activateBom, bomView, createBom, requirements, updateBom, type BomInput, type BomView } from './bom.service.ts';
import { Bom } from './bom.entity.ts';
import { AppError } from '../shared/errors.ts';

/** Manufacturing: bills of materials and what making a product takes (production orders and MRP are to come). */
export interface ManufacturingService {
  createBom(input: BomInput, actor: Actor): Promise<BomView>;
  updateBom(id: number, patch: Partial<Omit<BomInput, 'sku'>>, actor: Actor): Promise<BomView>;
  activateBom(id: number, actor: Actor): Promise<BomView>;
  getBom(id: number, actor: Actor): Promise<BomView>;
  /** Components for `quantity` good units by the active BOMs: `order` (kits exploded) or `all` levels. */
  requirements(sku: string, quantity: number, levels: 'order' | 'all', actor: Actor): Promise<Array<{ sku: string; name: string; quantity: number }>>;
}

export function createManufacturingService({ uow, clock }: ServiceContext): ManufacturingService {
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
  };
}
