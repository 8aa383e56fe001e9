/** Builds `entries` (name → source path) of the package in `packageDir`; resolves to the build directory. */
export function build(options?: { packageDir?: string; entries?: Record<string, string> }): Promise<string>;
