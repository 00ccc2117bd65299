/**
 * Distinct strings, each kept once and named by a number (in first-seen order): the cell lines,
 * compounds, experiments and label tuples of an analysis' curves, shared by all its curves.
 */
export class Names {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];

  get size(): number {
    return this.list.length;
  }

  /** The number of `text`, named now if new. */
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  /** The number of `text`, named now if new; −1 for no text. */
  optionalId(text: string | undefined): number {
    return text === undefined ? -1 : this.id(text);
  }

  /** Every string named, in the order of their numbers (the table itself: not to be changed). */
  texts(): string[] {
    return this.list;
  }

  /** The number of `text`, or −1 when it was never named. */
  find(text: string): number {
    return this.ids.get(text) ?? -1;
  }

  /** The string of a number. */
  text(id: number): string {
    return this.list[id]!;
  }
}
