import { describe, expect, it } from 'vitest';
import { namespaceOfPage, otherNamespacesOfPage } from './page-namespace';

describe('the namespace a Web UI page shows', () => {
  it('is the segment after /namespaces/, on any page of the namespace', () => {
    expect(namespaceOfPage('http://localhost:8233/namespaces/default/workflows/order-42/457c/history')).toBe('default');
    expect(namespaceOfPage('http://localhost:8233/namespaces/payments/workflows?query=x')).toBe('payments');
    expect(namespaceOfPage('http://localhost:8233/namespaces/payments')).toBe('payments');
  });

  it('is found below a base path, and percent-decoded', () => {
    expect(namespaceOfPage('https://tools.example.com/temporal/namespaces/billing.prod-7/schedules')).toBe('billing.prod-7');
    expect(namespaceOfPage('https://ui.example.com/namespaces/team%2Bpay/workflows')).toBe('team+pay');
  });

  it('is none on pages of no namespace, and for names no rule could hold', () => {
    expect(namespaceOfPage('http://localhost:8233/namespaces')).toBeUndefined();
    expect(namespaceOfPage('http://localhost:8233/nexus')).toBeUndefined();
    expect(namespaceOfPage('http://localhost:8233/namespaces/a%20b/workflows')).toBeUndefined();
    expect(namespaceOfPage('http://localhost:8233/namespaces/%E0%A4%A/workflows')).toBeUndefined();
    expect(namespaceOfPage('not an address')).toBeUndefined();
    expect(namespaceOfPage(undefined)).toBeUndefined();
  });

  it('is never a pattern: saved, it would make a rule for every namespace on the address', () => {
    for (const segment of ['*', 'prod*', '%2A', 'pay*ments']) expect(namespaceOfPage(`http://localhost:8233/namespaces/${segment}/workflows`)).toBeUndefined();
  });
});

describe('the other namespaces a page asked about', () => {
  it('are those the popup may set up: plain names, other than the one in view', () => {
    expect(otherNamespacesOfPage(['default', '*', 'billing', 'prod*', 'a b', '', 'refunds'], 'default')).toEqual(['billing', 'refunds']);
    expect(otherNamespacesOfPage(['*'], undefined)).toEqual([]);
  });
});
