/**
 * Terraform template escaping. Terraform reads every string in a `*.tf.json` expression
 * position as a template: `${...}` interpolates and `%{...}` is a directive. Text that must
 * reach AWS as written (shell variables such as `${INPUT1_STAGING_DIR}`, JSONata `{% %}` is
 * safe, but `%{` is not) is escaped as `$${` and `%%{`, which Terraform turns back into `${`
 * and `%{`. The property names of a map value (`tags`) are templates too, so keys are escaped
 * like values.
 */

/** Escapes a literal so that Terraform's template evaluation yields exactly `text`. */
export function escapeTemplate(text: string): string {
  if (!text.includes("{")) return text;
  return text.replace(/\$\{/g, "$$${").replace(/%\{/g, "%%{");
}

/** A map of user keys to literal text (tags), keys and values escaped. */
export function escapeMap(map: Readonly<Record<string, string>>): Record<string, string> {
  // Keys are user text (`__proto__` is a valid tag key): a null-prototype map.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(map)) out[escapeTemplate(k)] = escapeTemplate(v);
  return out;
}

/**
 * What Terraform makes of a template that holds no interpolation or directive: `$${` becomes
 * `${` and `%%{` becomes `%{`. Returns undefined when the text holds a live `${` or `%{`
 * (Terraform would evaluate it). Used by tests and by the checks on emitted files.
 */
export function unescapeTemplate(template: string): string | undefined {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if ((c === "$" || c === "%") && template[i + 1] === c && template[i + 2] === "{") {
      out += `${c}{`;
      i += 2;
    } else if ((c === "$" || c === "%") && template[i + 1] === "{") {
      return undefined;
    } else {
      out += c;
    }
  }
  return out;
}
