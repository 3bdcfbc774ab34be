/**
 * The HTML of the simulation panel. The page loads one script and one stylesheet from the
 * extension's media folder. Its Content-Security-Policy allows nothing else, so no remote content,
 * no inline style, no inline event handler and no script without the page's nonce can run.
 */
import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** The webview's resource origin, as Webview.cspSource returns it. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

/** Returns a fresh nonce of 128 random bits, in base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Builds the page. Every value is an attribute, escaped, so none can end the attribute early. */
export function panelHtml(resources: PageResources): string {
  const csp = [
    "default-src 'none'",
    `style-src ${resources.cspSource}`,
    `script-src 'nonce-${resources.nonce}'`,
    `img-src ${resources.cspSource}`,
    `font-src ${resources.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attribute(resources.styleUri)}">
<title>Switchboard Simulation</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${attribute(resources.nonce)}" src="${attribute(resources.scriptUri)}"></script>
</body>
</html>
`;
}

function attribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
