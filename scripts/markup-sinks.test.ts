import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markupSinksIn, withoutReactMarkupWrites } from './markup-sinks';

describe('markupSinksIn', () => {
  it('finds every way minified code writes markup from a value', () => {
    const code = [
      'e.innerHTML=n',
      'x.outerHTML = y',
      'el.insertAdjacentHTML(`beforeend`,t)',
      'document.write(s)',
      'document.writeln(s)',
      'r.createContextualFragment(h)',
    ].join(';');
    expect(markupSinksIn(code)).toHaveLength(6);
  });

  it('finds writes a minifier makes of concatenation, a subscript or Object.assign, and the other parsers of markup', () => {
    const writes = [
      'e.innerHTML=`<p>${n}</p>`',
      'e.innerHTML="<p>"+n',
      "e.innerHTML='<p>'+n+'</p>'",
      'e.innerHTML+=n',
      'e["innerHTML"]=n',
      "e['outerHTML'] = n",
      'Object.assign(e,{innerHTML:n})',
      'Object.assign(e,{a:1,outerHTML:n})',
      'e.setHTMLUnsafe(n)',
      'Document.parseHTMLUnsafe(n)',
      'new DOMParser().parseFromString(n,`text/html`)',
      'f.srcdoc=n',
      'e.innerHTML||=n',
      'e.innerHTML&&=n',
      'e.outerHTML??=n',
      'Reflect.set(e,"innerHTML",n)',
      'f.setAttribute("srcdoc",n)',
    ];
    for (const write of writes) expect(markupSinksIn(write), write).toHaveLength(1);
  });

  it('leaves fixed markup, comparisons and text alone', () => {
    const code = 'o.innerHTML=`<script><\\/script>`;p.innerHTML = "<b></b>";q.innerHTML=\'a\\\'b\',r=1;a.innerHTML==b;c.innerHTML="";d.textContent=v;e.innerText=w;switch(k){case"innerHTML":break}';
    expect(markupSinksIn(code)).toEqual([]);
  });
});

describe('withoutReactMarkupWrites', () => {
  // The file the build bundles (its package exports only the entry that picks it).
  const reactDom = dirname(createRequire(import.meta.url).resolve('react-dom/package.json'));
  const reactDomClient = readFileSync(join(reactDom, 'cjs', 'react-dom-client.production.js'), 'utf8');

  it('leaves the installed React DOM no way to write markup from a value', () => {
    expect(markupSinksIn(reactDomClient).length).toBeGreaterThan(0);
    const { code, replaced } = withoutReactMarkupWrites(reactDomClient);
    expect(replaced).toBe(markupSinksIn(reactDomClient).length);
    expect(markupSinksIn(code)).toEqual([]);
  });

  it('makes dangerouslySetInnerHTML throw, saying why, instead of writing', () => {
    const { code } = withoutReactMarkupWrites('const element = { innerHTML: "" }; const domElement = element, key = "<img>"; domElement.innerHTML = key;');
    expect(() => new Function(code)()).toThrow('never writes markup from a value');
  });
});
