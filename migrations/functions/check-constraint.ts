/**
 * Replaces a check constraint that lists allowed values (`"role" in (...)`): the two statements
 * a migration adds to widen (or, going down, narrow) such a list.
 */
export function replaceInCheck(table: string, column: string, values: readonly string[]): string[] {
  const constraint = `${table}_${column}_check`;
  return [
    `alter table "${table}" drop constraint "${constraint}";`,
    `alter table "${table}" add constraint "${constraint}" check ("${column}" in (${values.map((value) => `'${value}'`).join(', ')}));`,
  ];
}
