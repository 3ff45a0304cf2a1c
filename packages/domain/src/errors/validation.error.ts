import { DomainError } from './domain.error.js';

/** One bad input field: where it is (dotted path) and why it was refused. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Input refused before anything was read or written; lists every bad field. */
export class ValidationError extends DomainError {
  readonly code = 'validation_failed' as const;
  readonly fields: readonly FieldError[];
  constructor(fields: readonly FieldError[]) {
    super(`invalid input: ${fields.map((f) => `${f.path || '(root)'}: ${f.message}`).join('; ')}`);
    this.fields = fields;
  }
  /** A validation error for a single field. */
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}
