// The entry points that are compiled: the two processes every node runs all the time, whose start-up time and
// idle memory are the fixed cost of a node (docs/performance.md). The other bins run their sources through tsx.
export const ENTRY_POINTS = {
  'resource-slot-sandboxer': 'src/cli/main.ts',
  'resource-slot-task-relay': 'src/relay/main.ts',
};
