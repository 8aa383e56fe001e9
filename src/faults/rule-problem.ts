/** A problem found while reading a rule: the field it concerns and the line of the node, for file:line messages. */
export class RuleProblem extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}
