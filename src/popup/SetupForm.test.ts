import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { RuleView } from '../shared/messages/views';
import { REMEMBER_APPLIES_TO_SAVED } from '../shared/secrets-kept';
import { ruleView } from '../shared/test-support/rule-view';

// The form's first render needs no extension API; the module graph only imports one.
vi.mock('../shared/browser', () => ({ default: {} }));
const { SetupForm } = await import('./SetupForm');

const UI = 'http://localhost:8233';
const PAGE_CHOSEN = 'https://codec.page-chosen.example';

function form(rule?: RuleView, suggestion = PAGE_CHOSEN): string {
  return renderToStaticMarkup(createElement(SetupForm, { tabId: 1, origin: UI, namespace: 'default', rule, broader: undefined, suggestion, focus: false }));
}

const endpointField = (html: string) => /<input id="[^"]*-endpoint"[^>]*>/.exec(html)?.[0] ?? '';

describe('the popup’s setup form, on a Web UI that names its own codec server', () => {
  it('starts with the endpoint field empty, and offers the Web UI’s endpoint as text with a button', () => {
    const html = form();
    expect(endpointField(html)).toContain('value=""');
    expect(html).toContain(`This Web UI uses <code>${PAGE_CHOSEN}</code>`);
    expect(html).toContain('Use this endpoint</button>');
  });

  it('starts with the rule’s own endpoint when it changes a rule, still offering the Web UI’s', () => {
    const html = form(ruleView({ addresses: [UI], endpoint: 'https://codec.example.com' }));
    expect(endpointField(html)).toContain('value="https://codec.example.com"');
    expect(html).toContain('Use this endpoint</button>');
  });

  it('says that “Remember on this device” applies to the rule’s saved secrets too, only where there is a rule', () => {
    expect(form(ruleView({ addresses: [UI], endpoint: 'https://codec.example.com' }))).toContain(REMEMBER_APPLIES_TO_SAVED);
    expect(form()).not.toContain(REMEMBER_APPLIES_TO_SAVED);
  });

  it('shows a long endpoint the page chose cut; the button still takes it whole', () => {
    const long = `https://codec.example.com/${'p'.repeat(3000)}`;
    const html = form(undefined, long);
    expect(html).toContain(`This Web UI uses <code>${long.slice(0, 199)}…</code>`);
    expect(html).not.toContain('p'.repeat(200));
  });
});
