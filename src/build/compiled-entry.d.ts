/** The compiled bundle of entry point `name` if the newest build matches its sources, else why not. */
export function compiledEntry(name: string, packageDir?: string): { file: string } | { stale: string };
