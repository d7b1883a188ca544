import { describe, expect, it } from 'vitest';
import { chooseCarrier, estimatedDelivery, type ServiceOption, type ShipmentNeeds } from '../../core/logistics/carrier-choice.ts';

let id = 0;
const service = (overrides: Partial<ServiceOption>): ServiceOption => ({
  serviceId: (id += 1), carrierCode: 'X', carrierName: 'Carrier X', carrierNameZh: null, serviceName: 'standard', serviceNameZh: null,
  transitDays: 2, cutoffHour: 17, supportsCod: true, codFeeMinor: 300, regions: ['*'],
  weightBands: [{ maxGrams: 1000, priceMinor: 800 }, { maxGrams: 5000, priceMinor: 1500 }, { maxGrams: 20_000, priceMinor: 4000 }],
  onTimeRate: 0.95, ...overrides,
});
// 10:00 in Shanghai on Tuesday 24 November 2026.
const needs = (overrides: Partial<ShipmentNeeds> = {}): ShipmentNeeds => ({
  weightGrams: 1200, city: 'Shanghai', cashOnDelivery: false, promisedBy: '2026-11-26', now: new Date('2026-11-24T02:00:00Z'), timeZone: 'Asia/Shanghai', ...overrides,
});

const sf = service({ carrierCode: 'SF', carrierName: 'SF Express', carrierNameZh: '顺丰速运', serviceNameZh: '标快', transitDays: 1, weightBands: [{ maxGrams: 2000, priceMinor: 1400 }, { maxGrams: 10_000, priceMinor: 2600 }], onTimeRate: 0.98 });
const yto = service({ carrierCode: 'YTO', carrierName: 'YTO', transitDays: 3, weightBands: [{ maxGrams: 30_000, priceMinor: 600 }], onTimeRate: 0.9 });
const zto = service({ carrierCode: 'ZTO', carrierName: 'ZTO', transitDays: 2, supportsCod: false, weightBands: [{ maxGrams: 3000, priceMinor: 900 }], onTimeRate: 0.92 });

describe('carrier choice', () => {
  it('price: the cheapest service that keeps the promise wins, with a one-sentence reason in both languages', () => {
    const choice = chooseCarrier([sf, yto, zto], needs())!;
    expect(choice.option.carrierCode).toBe('ZTO');
    expect(choice.priceMinor).toBe(900);
    expect(choice.reason).toBe('ZTO standard: cheapest meeting delivery by 2026-11-26 for 1.2 kg to Shanghai');
    expect(choice.reasonZh).toBe('ZTO standard：满足 2026-11-26 前送达的最便宜选项（1.2 千克，送往Shanghai）');
  });

  it('promised date: a cheaper but slower service is passed over; the cut-off hour adds a day', () => {
    expect(chooseCarrier([sf, yto, zto], needs({ promisedBy: '2026-11-25' }))!.option.carrierCode).toBe('SF');
    expect(estimatedDelivery(sf, new Date('2026-11-24T09:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(chooseCarrier([sf, yto, zto], needs({ promisedBy: '2026-11-27' }))!.option.carrierCode).toBe('YTO');
    expect(chooseCarrier([sf, yto, zto], needs({ promisedBy: null }))!.option.carrierCode).toBe('YTO');
  });

  it('weight limits: a service whose bands stop below the parcel is not offered', () => {
    expect(chooseCarrier([sf, zto], needs({ weightGrams: 4000 }))!.option.carrierCode).toBe('SF');
    expect(chooseCarrier([sf, zto], needs({ weightGrams: 12_000 }))).toBeNull();
  });

  it('cash on delivery: only services that collect it, with their fee', () => {
    const choice = chooseCarrier([sf, zto], needs({ cashOnDelivery: true }))!;
    expect([choice.option.carrierCode, choice.priceMinor]).toEqual(['SF', 1700]);
    expect(choice.reason).toBe('SF Express standard: cheapest meeting delivery by 2026-11-26 for 1.2 kg to Shanghai, cash on delivery');
  });

  it('ties: the same cost per on-time rate goes to the more punctual carrier, then the faster, then by code', () => {
    const a = service({ carrierCode: 'A', weightBands: [{ maxGrams: 5000, priceMinor: 950 }], onTimeRate: 0.95 });
    const b = service({ carrierCode: 'B', weightBands: [{ maxGrams: 5000, priceMinor: 900 }], onTimeRate: 0.9 });
    expect(chooseCarrier([b, a], needs())!.option.carrierCode).toBe('A');
    const c = service({ carrierCode: 'C', transitDays: 1 });
    const d = service({ carrierCode: 'D', transitDays: 2 });
    expect(chooseCarrier([d, c], needs())!.option.carrierCode).toBe('C');
    expect(chooseCarrier([service({ carrierCode: 'F' }), service({ carrierCode: 'E' })], needs())!.option.carrierCode).toBe('E');
  });

  it('regions and broken promises: only services reaching the city; when none keeps the date, the earliest', () => {
    const local = service({ carrierCode: 'SHX', regions: ['shanghai'], weightBands: [{ maxGrams: 5000, priceMinor: 300 }] });
    expect(chooseCarrier([local, yto], needs())!.option.carrierCode).toBe('SHX');
    expect(chooseCarrier([local, yto], needs({ city: 'Beijing', promisedBy: '2026-11-27' }))!.option.carrierCode).toBe('YTO');
    const late = chooseCarrier([yto, zto], needs({ promisedBy: '2026-11-24' }))!;
    expect([late.option.carrierCode, late.meetsPromise]).toEqual(['ZTO', false]);
    expect(late.reason).toContain('no service meets 2026-11-24; earliest delivery 2026-11-26');
  });
});
