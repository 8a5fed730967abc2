import { DomainError } from '../common/domain-error';

/**
 * A training file, evaluation file or model file that cannot be used. It is an `invalid_input`
 * DomainError for the Nest side, and carries `exitCode` 2 so that `npm run cli` exits with the
 * conventional "bad input" status.
 */
export class ClassifierInputError extends DomainError {
  readonly exitCode = 2;

  constructor(code: 'CLASSIFIER_DATA_INVALID' | 'CLASSIFIER_MODEL_INVALID' | 'CLASSIFIER_USAGE', message: string) {
    super(code, 'invalid_input', message);
    this.name = 'ClassifierInputError';
  }
}
