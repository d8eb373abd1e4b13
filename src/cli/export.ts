import type { CliIo } from './io.ts'
import { usageError } from './io.ts'

export async function exportCommand(_args: string[], _io: CliIo): Promise<void> {
  throw usageError('winnow export is not built yet')
}
