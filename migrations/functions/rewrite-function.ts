/**
 * SQL that rewrites a function from its own stored definition (`pg_get_functiondef`): each
 * `[from, to]` edit replaces text of its body, and the migration fails if any `from` is not
 * there (the function is not what the migration expects). A migration that changes a few lines
 * of a long function says only what changes, and its `down` applies the edits reversed.
 */
export function rewriteFunction(signature: string, edits: ReadonlyArray<readonly [from: string, to: string]>): string {
  const steps = edits.map(([from, to], index) => `
  if position($edit$${from}$edit$ in changed) = 0 then raise exception '${signature}: edit ${index + 1} does not apply'; end if;
  changed := replace(changed, $edit$${from}$edit$, $edit$${to}$edit$);`).join('');
  return `do $rewrite$
declare
  changed text := pg_get_functiondef('${signature}'::regprocedure);
begin${steps}
  execute changed;
end $rewrite$;`;
}

/** The edits undone, in reverse order. */
export function reversed(edits: ReadonlyArray<readonly [from: string, to: string]>): Array<[string, string]> {
  return edits.map(([from, to]): [string, string] => [to, from]).toReversed();
}
