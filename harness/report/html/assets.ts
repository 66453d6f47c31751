// The page's stylesheet and script are files of their own (report.css, report.js: plain CSS and
// browser JavaScript, linted as such), read once from the sources and put inline, so the page
// needs nothing beside itself. They are read from the project's folder rather than imported,
// because the command line runs from a bundle that carries only TypeScript.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../project-root.ts';

let loaded: { readonly style: string; readonly script: string } | undefined;

export function pageAssets(): { readonly style: string; readonly script: string } {
  if (!loaded) {
    const here = join(PROJECT_ROOT, 'harness', 'report', 'html');
    loaded = { style: readFileSync(join(here, 'report.css'), 'utf8'), script: readFileSync(join(here, 'report.js'), 'utf8') };
    // Put inside <style> and <script> as they are: a closing tag in them would end the element early.
    if (/<\/style/i.test(loaded.style) || /<\/script/i.test(loaded.script)) throw new Error('report.css or report.js holds a closing </style> or </script> tag');
  }
  return loaded;
}
