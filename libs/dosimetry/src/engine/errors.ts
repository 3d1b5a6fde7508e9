/** A caller passed options or a procedure the engine cannot compute from; the message names what and why. */
export class SkinDoseInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'SkinDoseInputError';
    this.field = field;
  }
}
