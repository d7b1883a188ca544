import { describe, expect, it } from 'vitest';
import { reaches } from '../../core/shared/places.ts';

describe('which addresses a carrier service reaches', () => {
  it('by city or province, whatever the case or administrative suffix', () => {
    expect(reaches(['*'], { city: 'Anywhere' })).toBe(true);
    expect(reaches(['Shanghai'], { city: 'shanghai' })).toBe(true);
    expect(reaches(['上海'], { city: '上海市' })).toBe(true);
    expect(reaches(['上海市'], { city: '上海' })).toBe(true);
    expect(reaches(['浙江'], { city: '杭州市', region: '浙江省' })).toBe(true);
    expect(reaches(['新疆'], { city: '乌鲁木齐市', region: '新疆维吾尔自治区' })).toBe(true);
    expect(reaches(['Hangzhou'], { city: 'Hangzhou City' })).toBe(true);
    expect(reaches(['上海', 'Beijing'], { city: '乌鲁木齐市', region: '新疆维吾尔自治区' })).toBe(false);
  });
});
