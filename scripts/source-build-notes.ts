/** SOURCE-BUILD.md, the build instructions at the root of the source archive, for add-on reviewers. */

export interface BuildEnvironment {
  /** The extension's version, as in manifest.json. */
  version: string;
  /** package.json `engines.node`. */
  nodeRange: string;
  /** Where the packages were built and checked: Node.js and npm versions, operating system. */
  node: string;
  npm: string;
  platform: string;
  /** package.json `dependencies`: the third-party code that ends up in the bundle. */
  bundledDependencies: Record<string, string>;
}

export function sourceBuildNotes(env: BuildEnvironment): string {
  const firefoxZip = `payload-lens-firefox-${env.version}.zip`;
  const dependencies = Object.entries(env.bundledDependencies)
    .map(([name, version]) => `- \`${name}\` ${version}`)
    .join('\n');
  return `# Payload Lens ${env.version}: building from source

This archive holds the source of Payload Lens ${env.version}, the files needed to build the add-on exactly as it
was uploaded. The add-on's JavaScript is bundled and minified by Vite; nothing in it is written or changed by hand
after the build.

## Requirements

- Node.js ${env.nodeRange} with npm. The uploaded packages were built and checked with Node.js ${env.node} and
  npm ${env.npm} on ${env.platform}.
- Network access to the npm registry: \`npm ci\` installs the exact versions pinned in \`package-lock.json\`.

## Build

In the folder this archive was unpacked into:

\`\`\`sh
npm ci
npm run build
\`\`\`

The build writes \`dist/firefox\` (the Firefox add-on) and \`dist/chrome\` (the Chrome extension).

## Compare with the uploaded add-on

\`\`\`sh
mkdir uploaded && cd uploaded && unzip -q ../${firefoxZip} && cd ..
diff -r uploaded dist/firefox && echo identical
\`\`\`

## What is where

- \`manifest.json\`: the one manifest; \`scripts/browser-manifest.ts\` derives the Firefox variant from it.
- \`vite.config.ts\`: the build (Vite with \`@crxjs/vite-plugin\`), once per browser. \`scripts/markup-sinks.ts\`
  replaces React DOM's one write of markup (\`dangerouslySetInnerHTML\`, which the extension never uses) with a
  refusal, and fails the build when it finds \`innerHTML\` given anything but a fixed string in a file it writes.
- \`src/background/\`: the background script. \`src/content/\`: the page hook and the bridge that run on Temporal Web
  UI pages. \`src/popup/\`, \`src/options/\`: the extension's pages (React). \`src/core/\`: the decoding engine.
- \`public/\`: the icons, copied as they are.

Third-party code in the bundle, unmodified from npm but for that one write in React DOM:

${dependencies}
`;
}
