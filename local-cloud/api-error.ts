/** An error the emulated service answers with: the real error code, HTTP status and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status for Alibaba RPC answers; Tencent answers every API error with 200. */
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}
