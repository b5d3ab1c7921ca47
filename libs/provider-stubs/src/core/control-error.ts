/** A control operation that cannot run (unknown object, bad argument); `status` is the control API's answer. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
