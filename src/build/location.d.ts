export const PACKAGE_DIR: string;
/** node_modules/.cache/resource-slot/<key>/ of the package in `packageDir`. */
export function buildRoot(packageDir?: string): string;
export const CURRENT_FILE: string;
export const MANIFEST_FILE: string;
