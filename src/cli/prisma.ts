import type { CliIo } from './io.ts'
import { usageError } from './io.ts'

export async function prismaCommand(_args: string[], _io: CliIo): Promise<void> {
  throw usageError('winnow prisma is not built yet')
}
