import { RoutingError, type PlanInput } from './routing.ts';

/** A CVRPLIB / TSPLIB instance: nodes by id (one of them the depot), the capacity, and the optimum its comment states. */
export interface VrpInstance {
  name: string;
  capacity: number;
  depot: number;
  nodes: Array<{ id: number; x: number; y: number; demand: number }>;
  /** "Optimal value: 784" in the COMMENT line, when given. */
  optimum: number | null;
}

/** A `.vrp` file that cannot be planned as it is (a missing section, a demand above capacity, a negative coordinate...). */
export class VrpFileError extends RoutingError {
  override name = 'VrpFileError';
}

const sectionNames = ['NODE_COORD_SECTION', 'DEMAND_SECTION', 'DEPOT_SECTION'] as const;
type Section = (typeof sectionNames)[number];

function numbers(line: string, lineNumber: number): number[] {
  const values = line.trim().split(/\s+/).map(Number);
  if (values.some((value) => !Number.isFinite(value))) throw new VrpFileError(`Line ${lineNumber}: expected numbers, got "${line.trim()}"`);
  return values;
}

/**
 * Reads a CVRPLIB file (`NAME`, `COMMENT`, `DIMENSION`, `CAPACITY`, `EDGE_WEIGHT_TYPE : EUC_2D`,
 * `NODE_COORD_SECTION`, `DEMAND_SECTION`, `DEPOT_SECTION` ending in -1, `EOF`). Every problem is
 * named: what is missing or wrong, and on which line or node.
 */
export function parseVrpFile(text: string): VrpInstance {
  const header = new Map<string, string>();
  const sections = new Map<Section, number[][]>();
  let current: Section | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line === 'EOF') return;
    const section = sectionNames.find((name) => line.startsWith(name));
    if (section) {
      current = section;
      sections.set(section, []);
      return;
    }
    const field = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (field) {
      current = null;
      header.set(field[1]!, field[2]!.trim());
      return;
    }
    if (!current) throw new VrpFileError(`Line ${index + 1}: "${line}" is outside any section`);
    sections.get(current)!.push(numbers(line, index + 1));
  });

  const dimension = Number(header.get('DIMENSION'));
  const capacity = Number(header.get('CAPACITY'));
  if (!Number.isInteger(dimension) || dimension < 2) throw new VrpFileError('DIMENSION is missing or not a whole number of at least 2');
  if (!Number.isFinite(capacity) || capacity <= 0) throw new VrpFileError('CAPACITY is missing or not a positive number');
  const weights = header.get('EDGE_WEIGHT_TYPE') ?? 'EUC_2D';
  if (weights !== 'EUC_2D') throw new VrpFileError(`EDGE_WEIGHT_TYPE ${weights} is not supported (only EUC_2D)`);
  for (const name of ['NODE_COORD_SECTION', 'DEMAND_SECTION'] as const) {
    if (!sections.has(name)) throw new VrpFileError(`${name} is missing`);
  }

  const coordinates = sections.get('NODE_COORD_SECTION')!;
  const demands = new Map(sections.get('DEMAND_SECTION')!.map(([id, demand]) => [id!, demand]));
  if (coordinates.length !== dimension) throw new VrpFileError(`NODE_COORD_SECTION has ${coordinates.length} nodes; DIMENSION says ${dimension}`);
  const nodes = coordinates.map(([id, x, y]) => {
    if (x === undefined || y === undefined) throw new VrpFileError(`Node ${id} needs an x and a y`);
    if (x < 0 || y < 0) throw new VrpFileError(`Node ${id} has a negative coordinate (${x}, ${y})`);
    const demand = demands.get(id!);
    if (demand === undefined) throw new VrpFileError(`DEMAND_SECTION has no demand for node ${id}`);
    if (demand < 0) throw new VrpFileError(`Node ${id} has a negative demand ${demand}`);
    if (demand > capacity) throw new VrpFileError(`Node ${id} needs ${demand}, more than a vehicle's capacity ${capacity}`);
    return { id: id!, x, y, demand };
  });
  const depots = (sections.get('DEPOT_SECTION') ?? [[nodes[0]!.id]]).flat().filter((id) => id !== -1);
  if (depots.length !== 1) throw new VrpFileError(`DEPOT_SECTION must name exactly one depot; it names ${depots.length}`);
  if (!nodes.some((node) => node.id === depots[0])) throw new VrpFileError(`The depot ${depots[0]} is not a node`);
  const optimum = /optimal value:\s*(\d+(?:\.\d+)?)/i.exec(header.get('COMMENT') ?? '');
  return { name: header.get('NAME') ?? 'instance', capacity, depot: depots[0]!, nodes, optimum: optimum ? Number(optimum[1]) : null };
}

/**
 * The instance as the planner's input: the depot's place, one stop per other node (id = node
 * id), `vehicles` of the instance's capacity (default: as many as there are stops, so the fleet
 * does not bind), TSPLIB's rounded EUC_2D distances.
 */
export function vrpPlanInput(instance: VrpInstance, vehicles?: number): PlanInput {
  const depot = instance.nodes.find((node) => node.id === instance.depot)!;
  const stops = instance.nodes.filter((node) => node.id !== instance.depot);
  return {
    depot: { x: depot.x, y: depot.y },
    stops: stops.map((node) => ({ id: String(node.id), location: { x: node.x, y: node.y }, demand: node.demand })),
    vehicles: Array.from({ length: vehicles ?? Math.max(1, stops.length) }, (_, index) => ({ id: `v${index + 1}`, capacity: instance.capacity })),
    metric: 'tsplib',
  };
}
