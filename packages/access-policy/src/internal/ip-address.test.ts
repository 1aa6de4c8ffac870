import { describe, expect, it } from 'vitest';
import { cidrContains, parseAddress, parseCidr } from './ip-address.js';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 104, true],
    ['192.0.2.1', 128, true],
    ['::ffff:192.0.2.0/120', 120, true],
    ['2001:db8::/32', 32, false],
    ['::/0', 0, false],
    ['1:2:3:4:5:6:7:8/128', 128, false],
    ['::ffff:0:0/96', 96, true],
  ])('reads %s (prefix %i of 128, IPv4 %s)', (text, prefix, ipv4) => {
    expect(parseCidr(text)).toMatchObject({ prefix, ipv4 });
  });
  it.each([
    '10.0.0.0/33',
    '256.0.0.1',
    '10.0.0',
    '10.0.0.0/',
    '10.0.0.0/+8',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    ':1:2::',
    '2001:db8::/129',
    'fe80::1%eth0',
    'localhost',
    '',
    '12345::',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('cidrContains', () => {
  const inside = (cidr: string, address: string) =>
    cidrContains(parseCidr(cidr)!, parseAddress(address)!.address);
  it('compares the prefix bits only, across the IPv4-mapped form', () => {
    expect(inside('10.1.2.3/8', '10.255.0.1')).toBe(true);
    expect(inside('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(inside('192.0.2.128/25', '192.0.2.127')).toBe(false);
    expect(inside('192.0.2.0/24', '::ffff:c000:0201')).toBe(true);
    expect(inside('2001:db8:1234:5678::/64', '2001:db8:1234:5678:ffff::1')).toBe(true);
    expect(inside('2001:db8:1234:5678::/64', '2001:db8:1234:5679::1')).toBe(false);
    expect(inside('0.0.0.0/0', '255.255.255.255')).toBe(true);
  });
});
