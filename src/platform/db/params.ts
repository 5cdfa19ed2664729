/**
 * The parameters of a statement put together from several modules' parts: each part adds its
 * values as it writes its SQL and gets their placeholders, so no part needs to know how many
 * came before it.
 */
export class Params {
  readonly values: unknown[] = [];

  /** The placeholder of a new parameter holding `value`, with a cast when given. */
  add(value: unknown, cast?: string): string {
    const p = `$${this.values.push(value)}`;
    return cast ? `${p}::${cast}` : p;
  }
}
