/**
 * A user's mistake is a value (Outcome); a broken invariant or a missing resource is one of
 * these, mapped to a status in one place (app.onError) and to an exit code in the CLI.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422,
    message: string
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what = 'Page') => new AppError(404, `${what} not found.`)
export const forbidden = (message = 'Only a lead of this project may do that.') =>
  new AppError(403, message)

export type Outcome<T, E extends string = string> =
  { ok: true; value: T } | { ok: false; error: E; message: string }

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value })
export const fail = <E extends string>(error: E, message: string) =>
  ({ ok: false, error, message }) as const
