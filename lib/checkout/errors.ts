/** A request that names something that does not exist or cannot be ordered: becomes a 400 naming the field. */
export class OrderRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'OrderRequestError';
  }
}
