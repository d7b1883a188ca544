import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../bots/slack/slack.receiver.ts';
import { parseNewOrder } from '../../bots/slack/new-order.ts';
import { roleAllows, staffRoles } from '../../core/shared/authorization.ts';

const secret = 'shhh';
const sign = (body: string, timestamp: number) => `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

describe('Slack request signatures', () => {
  const now = 1_800_000_000;
  it('accepts Slack\'s v0 signature made within five minutes', () => {
    expect(verifySlackSignature(secret, 'a=1', String(now - 299), sign('a=1', now - 299), now)).toBe(true);
  });

  it('refuses a missing, wrong, stale, future or tampered signature', () => {
    expect(verifySlackSignature(secret, 'a=1', String(now), undefined, now)).toBe(false);
    expect(verifySlackSignature(secret, 'a=1', undefined, sign('a=1', now), now)).toBe(false);
    expect(verifySlackSignature(secret, 'a=2', String(now), sign('a=1', now), now)).toBe(false);
    expect(verifySlackSignature('other', 'a=1', String(now), sign('a=1', now), now)).toBe(false);
    expect(verifySlackSignature(secret, 'a=1', String(now - 301), sign('a=1', now - 301), now)).toBe(false);
    expect(verifySlackSignature(secret, 'a=1', String(now + 301), sign('a=1', now + 301), now)).toBe(false);
    expect(verifySlackSignature(secret, 'a=1', 'soon', sign('a=1', now), now)).toBe(false);
  });
});

describe('staff rights', () => {
  it('only managers and admins approve, buy and post count adjustments; only finance and admins record money; only credit staff and admins release credit holds; production staff, managers and admins run production; every console role may look up, enter orders and work tickets; drivers have no console rights', () => {
    const console = ['order.approve', 'purchase.create', 'stock.count', 'stock.adjust', 'order.place', 'ticket.work', 'lookup', 'payment.record', 'credit.release', 'production.manage'] as const;
    const table = Object.fromEntries(staffRoles.map((role) => [role, console.filter((permission) => roleAllows(role, permission))]));
    expect(table).toEqual({
      agent: ['stock.count', 'order.place', 'ticket.work', 'lookup'],
      supervisor: ['stock.count', 'order.place', 'ticket.work', 'lookup'],
      manager: ['order.approve', 'purchase.create', 'stock.count', 'stock.adjust', 'order.place', 'ticket.work', 'lookup', 'production.manage'],
      finance: ['stock.count', 'order.place', 'ticket.work', 'lookup', 'payment.record'],
      credit: ['stock.count', 'order.place', 'ticket.work', 'lookup', 'credit.release'],
      production: ['stock.count', 'order.place', 'ticket.work', 'lookup', 'production.manage'],
      front_desk: ['stock.count', 'order.place', 'ticket.work', 'lookup'],
      driver: [],
      admin: ['order.approve', 'purchase.create', 'stock.count', 'stock.adjust', 'order.place', 'ticket.work', 'lookup', 'payment.record', 'credit.release', 'production.manage'],
    });
  });
});

const values = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([block, value]) => [block, {
  value: ['channel', 'payment'].includes(block) ? { selected_option: { value } } : { value },
}]));

describe('/neworder form', () => {
  const valid = { name: 'Zhang Wei', phone: '+86 139 1111 2222', channel: 'in_store', lines: 'tea-lj-250 2\nCUP-CER-2 x 1\nPOT-YX-200×3', address: '1 Chang\'an Ave', city: 'Beijing', payment: 'card' };

  it('reads items as "SKU quantity" lines, normalising SKUs and phone', () => {
    expect(parseNewOrder(values(valid), 'en', 1000)).toEqual({ form: {
      name: 'Zhang Wei', phone: '+8613911112222', email: undefined, channel: 'in_store',
      lines: [{ sku: 'TEA-LJ-250', quantity: 2 }, { sku: 'CUP-CER-2', quantity: 1 }, { sku: 'POT-YX-200', quantity: 3 }],
      address: { line1: '1 Chang\'an Ave', city: 'Beijing', country: 'CN' }, payment: 'card',
    } });
  });

  it('names every wrong field, in the console language', () => {
    expect(parseNewOrder(values({ ...valid, name: ' ', email: 'nope', lines: 'TEA 0' }), 'zh-CN', 1000)).toEqual({ errors: {
      name: '请填写此项。', email: '请输入有效的电子邮箱。', lines: '每个商品最多 1000 件。',
    } });
    expect(parseNewOrder(values({ ...valid, lines: '' }), 'en', 1000)).toEqual({ errors: { lines: 'Write one item per line as: SKU quantity (for example TEA-LJ-250 2).' } });
  });
});
