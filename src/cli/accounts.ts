import { parseArgs } from 'node:util'
import { z } from 'zod'
import { ROLES } from '../db/schema.ts'
import { addMember, createProject, findProject } from '../queries/projects.ts'
import { findUserByEmail, insertUser, prepareUser } from '../queries/users.ts'
import { MIN_PASSWORD_LENGTH } from '../security/password.ts'
import { CliError, idOption, readAll, required, usageError, withDb, type CliIo } from './io.ts'

export async function userAdd(args: string[], io: CliIo) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  })
  const email = required(values.email, 'email')
  const name = required(values.name, 'name')
  if (!z.email().safeParse(email.trim()).success)
    throw usageError(`"${email}" is not an email address`)
  if (!values['password-stdin']) {
    throw usageError(
      '--password-stdin is required: pipe the password in, so it stays out of the shell history'
    )
  }
  const password = (await readAll(io.stdin)).split(/\r?\n/)[0] ?? ''
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`)
  }
  await withDb(io, async (db) => {
    const row = await prepareUser({ email, name, password }, Date.now())
    const created = await db.write((tx) => insertUser(tx, row))
    if (!created.ok) throw new CliError(created.message)
    io.out(`${created.value.id}\n`)
    io.err(`created account ${created.value.email} (${created.value.name})\n`)
  })
}

export async function projectCreate(args: string[], io: CliIo) {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      owner: { type: 'string' },
      description: { type: 'string' },
    },
  })
  const name = required(values.name, 'name')
  const owner = required(values.owner, 'owner')
  await withDb(io, async (db) => {
    const user = await findUserByEmail(db.orm, owner)
    if (!user)
      throw new CliError(
        `no account uses ${owner.trim().toLowerCase()}; create it with: winnow user add`
      )
    const project = await db.write((tx) =>
      createProject(tx, {
        name,
        description: values.description,
        ownerId: user.id,
        now: Date.now(),
      })
    )
    io.out(`${project.id}\n`)
    io.err(`created project “${project.name}” with ${user.email} as lead\n`)
  })
}

export async function projectAddMember(args: string[], io: CliIo) {
  const { values } = parseArgs({
    args,
    options: { project: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
  })
  const projectId = idOption(values.project, 'project')
  const email = required(values.email, 'email')
  const role = z.enum(ROLES).safeParse(values.role ?? 'reviewer')
  if (!role.success) throw usageError(`--role must be lead or reviewer, not "${values.role}"`)
  await withDb(io, async (db) => {
    if (!(await findProject(db.orm, projectId)))
      throw new CliError(`there is no project ${projectId}`)
    const added = await db.write((tx) =>
      addMember(tx, { projectId, email, role: role.data, byUserId: null, now: Date.now() })
    )
    if (!added.ok) throw new CliError(added.message)
    io.err(`added ${email.trim().toLowerCase()} to project ${projectId} as ${role.data}\n`)
  })
}
