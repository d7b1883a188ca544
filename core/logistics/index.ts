export { distanceBetween, buildProblem, routeLength, feasible, RoutingError, type Location, type Stop, type Vehicle, type PlanInput, type Plan, type Problem } from './routing.ts';
export { nearestNeighbourRoutes, savingsRoutes, improveRoute, seededRandom } from './route-search.ts';
export { planRoutes, type PlanOptions } from './route-planner.ts';
export { parsePlanFile, planFileSchema } from './plan-file.ts';
export { Carrier, CarrierService, Shipment, ShipmentEvent, shipmentStatuses, type ShipmentStatus } from './carrier.entity.ts';
export type { CarrierAdapter, CarrierEvent, LabelRequest } from './carrier.port.ts';
export { chooseCarrier, estimatedDelivery, type ServiceOption, type ShipmentNeeds, type CarrierChoice } from './carrier-choice.ts';
export { shipOrder, applyCarrierEvents, openShipments, carrierByCode, shipmentsOf, type ShipmentView } from './shipment.service.ts';
export { saveCarrier, type CarrierSetup } from './carrier-setup.ts';
