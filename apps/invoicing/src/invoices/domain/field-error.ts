/** A 422 field error, Lago's `error_details: {<field>: [<code>]}` with one code. */
export interface FieldError<F extends string = string, C extends string = string> {
  /** Field named in `error_details`. */
  field: F;
  /** Lago's error code for it. */
  code: C;
}
