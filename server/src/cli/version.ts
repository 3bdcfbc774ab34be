/** The product version, set from package.json when the bundles are built. */
declare const SWITCHBOARD_VERSION: string | undefined;

export const PRODUCT_VERSION: string =
  typeof SWITCHBOARD_VERSION === 'string' ? SWITCHBOARD_VERSION : '0.0.0-development';
