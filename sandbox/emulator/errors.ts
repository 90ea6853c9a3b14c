/**
 * An error answered the way the service answers it. JSON services (ECS, SSM) send
 * `{"__type": code, "message": …}` with `x-amzn-ErrorType`; STS (query protocol) sends an
 * XML ErrorResponse. The SDK maps `code` to its exception class, so codes must be exact.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly errorMessage: string | undefined,
    readonly status = 400,
  ) {
    super(errorMessage ?? code);
    this.name = code;
  }

  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** coral's own error types carry their namespace on the wire. */
const CORAL = 'com.amazon.coral.service#';
const CORAL_VALIDATE = 'com.amazon.coral.validate#';

export type Dialect = 'json' | 'query';

export const authErrors = {
  missingToken: (dialect: Dialect): AwsError =>
    dialect === 'json'
      ? new AwsError(
          `${CORAL}MissingAuthenticationTokenException`,
          'Request is missing Authentication Token',
        )
      : new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  incomplete: (dialect: Dialect, detail: string): AwsError =>
    new AwsError(
      dialect === 'json' ? `${CORAL}IncompleteSignatureException` : 'IncompleteSignature',
      detail,
    ),
  unknownKey: (dialect: Dialect): AwsError =>
    dialect === 'json'
      ? new AwsError(
          `${CORAL}UnrecognizedClientException`,
          'The security token included in the request is invalid.',
        )
      : new AwsError(
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
          403,
        ),
  expired: (dialect: Dialect): AwsError =>
    new AwsError(
      dialect === 'json' ? `${CORAL}ExpiredTokenException` : 'ExpiredToken',
      'The security token included in the request is expired',
    ),
  wrongScope: (dialect: Dialect, detail: string): AwsError =>
    new AwsError(
      dialect === 'json' ? `${CORAL}InvalidSignatureException` : 'SignatureDoesNotMatch',
      detail,
      dialect === 'json' ? 400 : 403,
    ),
};

export function unknownOperation(dialect: Dialect, name: string): AwsError {
  return dialect === 'json'
    ? new AwsError(`${CORAL}UnknownOperationException`, undefined)
    : new AwsError('InvalidAction', `Could not find operation ${name} for version 2011-06-15`);
}

/** coral's constraint violation, e.g. a string too short or a number out of range. */
export function validationError(dialect: Dialect, member: string, value: unknown, rule: string) {
  const message = `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${rule}`;
  return dialect === 'json'
    ? new AwsError(`${CORAL_VALIDATE}ValidationException`, message)
    : new AwsError('ValidationError', message);
}

export function throttled(dialect: Dialect): AwsError {
  return new AwsError(dialect === 'json' ? 'ThrottlingException' : 'Throttling', 'Rate exceeded');
}

export function accessDenied(dialect: Dialect, who: string, action: string, resource: string) {
  const message =
    `User: ${who} is not authorized to perform: ${action} on resource: ${resource} ` +
    `because no identity-based policy allows the ${action} action`;
  return dialect === 'json'
    ? new AwsError('AccessDeniedException', message)
    : new AwsError('AccessDenied', message, 403);
}

export function internalError(service: string): AwsError {
  return service === 'ecs'
    ? new AwsError('ServerException', 'Service Unavailable. Please try again later.', 500)
    : service === 'ssm'
      ? new AwsError('InternalServerError', 'Internal Server Error', 500)
      : new AwsError('InternalFailure', 'An internal error occurred.', 500);
}

export function jsonErrorBody(error: AwsError): string {
  return JSON.stringify(
    error.errorMessage === undefined
      ? { __type: error.code }
      : { __type: error.code, message: error.errorMessage },
  );
}
