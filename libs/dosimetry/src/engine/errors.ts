/**
 * A caller passed options or a procedure the engine cannot compute from. `message` is a sentence for a
 * person (it names the option, or says what the report is); `field` names the option or 'procedure'
 * for programs, e.g. for a command line to put its own flag name in.
 */
export class SkinDoseInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'SkinDoseInputError';
    this.field = field;
  }
}
