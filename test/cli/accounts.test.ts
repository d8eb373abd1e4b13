import { describe, expect, it } from 'vitest'
import { projectMembers, users } from '../../src/db/schema.ts'
import { verifyPassword } from '../../src/security/password.ts'
import { freshDb } from '../helpers/db.ts'
import { cli, spawnCli } from '../helpers/cli.ts'

const PW = 'a long enough password\n'

describe('winnow user add', () => {
  it('creates an account with the password read from stdin', async () => {
    const { db, url } = await freshDb()
    const res = await cli(
      ['user', 'add', '--email', 'Ann@Example.org', '--name', 'Ann', '--password-stdin'],
      { DATABASE_URL: url },
      PW
    )
    expect(res).toMatchObject({ code: 0 })
    expect(res.stdout.trim()).toMatch(/^\d+$/)
    const [user] = await db.orm.select().from(users)
    expect(user?.email).toBe('ann@example.org')
    expect(await verifyPassword(user!.passwordHash, 'a long enough password')).toBe(true)
  })

  it.each([
    [['user', 'add', '--name', 'Ann', '--password-stdin'], '--email is required', 2],
    [['user', 'add', '--email', 'ann@example.org', '--password-stdin'], '--name is required', 2],
    [
      ['user', 'add', '--email', 'ann@example.org', '--name', 'Ann'],
      '--password-stdin is required',
      2,
    ],
    [
      ['user', 'add', '--email', 'not-mail', '--name', 'Ann', '--password-stdin'],
      'is not an email address',
      2,
    ],
    [
      ['user', 'add', '--email', 'a@b.org', '--name', 'A', '--password-stdin', '--bogus'],
      "Unknown option '--bogus'",
      2,
    ],
    [['user', 'frobnicate'], 'unknown command "user frobnicate"', 2],
  ])('refuses %j with a clear message', async (args, message, code) => {
    const { url } = await freshDb()
    const res = await cli(args, { DATABASE_URL: url }, PW)
    expect(res.code).toBe(code)
    expect(res.stderr).toContain(message)
  })

  it('refuses a short password and a duplicate account', async () => {
    const { db, url } = await freshDb()
    const add = (stdin: string) =>
      cli(
        ['user', 'add', '--email', 'ann@example.org', '--name', 'Ann', '--password-stdin'],
        { DATABASE_URL: url },
        stdin
      )
    const short = await add('short\n')
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('at least 10 characters')
    expect((await add(PW)).code).toBe(0)
    const again = await add(PW)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('An account for ann@example.org already exists.')
    expect(await db.orm.$count(users)).toBe(1)
  })
})

describe('winnow project', () => {
  async function withOwner() {
    const ctx = await freshDb()
    const env = { DATABASE_URL: ctx.url }
    await cli(
      ['user', 'add', '--email', 'lead@example.org', '--name', 'Lead', '--password-stdin'],
      env,
      PW
    )
    await cli(
      ['user', 'add', '--email', 'rev@example.org', '--name', 'Rev', '--password-stdin'],
      env,
      PW
    )
    return { ...ctx, env }
  }

  it('creates a project, prints its id first, and adds members', async () => {
    const { db, env } = await withOwner()
    const created = await cli(
      ['project', 'create', '--name', 'Review', '--owner', 'lead@example.org'],
      env
    )
    expect(created.code).toBe(0)
    const id = created.stdout.split('\n')[0]!
    expect(id).toMatch(/^\d+$/)
    const added = await cli(
      [
        'project',
        'add-member',
        '--project',
        id,
        '--email',
        'rev@example.org',
        '--role',
        'reviewer',
      ],
      env
    )
    expect(added.code).toBe(0)
    const members = await db.orm.select().from(projectMembers)
    expect(members.map((m) => m.role).sort()).toEqual(['lead', 'reviewer'])
  })

  it.each([
    [
      ['project', 'create', '--name', 'R', '--owner', 'ghost@example.org'],
      'no account uses ghost@example.org',
      1,
    ],
    [['project', 'create', '--owner', 'lead@example.org'], '--name is required', 2],
    [
      [
        'project',
        'add-member',
        '--project',
        '999',
        '--email',
        'rev@example.org',
        '--role',
        'reviewer',
      ],
      'there is no project 999',
      1,
    ],
    [
      ['project', 'add-member', '--project', 'x', '--email', 'rev@example.org'],
      '--project must be a positive whole number',
      2,
    ],
    [
      ['project', 'add-member', '--project', '1', '--email', 'rev@example.org', '--role', 'boss'],
      '--role must be lead or reviewer',
      2,
    ],
  ])('refuses %j', async (args, message, code) => {
    const { env } = await withOwner()
    const res = await cli(args, env)
    expect(res.stderr).toContain(message)
    expect(res.code).toBe(code)
  })

  it('refuses an unknown email and a second membership', async () => {
    const { env } = await withOwner()
    const id = (
      await cli(['project', 'create', '--name', 'R', '--owner', 'lead@example.org'], env)
    ).stdout.trim()
    const ghost = await cli(
      [
        'project',
        'add-member',
        '--project',
        id,
        '--email',
        'ghost@example.org',
        '--role',
        'reviewer',
      ],
      env
    )
    expect(ghost.code).toBe(1)
    expect(ghost.stderr).toContain('No account uses ghost@example.org')
    const twice = await cli(
      [
        'project',
        'add-member',
        '--project',
        id,
        '--email',
        'lead@example.org',
        '--role',
        'reviewer',
      ],
      env
    )
    expect(twice.code).toBe(1)
    expect(twice.stderr).toContain('already a member')
  })
})

describe('the winnow executable', () => {
  it('runs as a real process: creates the database, an account and a project', async () => {
    const { url } = await freshDb()
    const env = { DATABASE_URL: url }
    const user = await spawnCli(
      ['user', 'add', '--email', 'x@example.org', '--name', 'X', '--password-stdin'],
      env,
      PW
    )
    expect(user.stderr).toContain('created account x@example.org')
    expect(user.code).toBe(0)
    const project = await spawnCli(
      ['project', 'create', '--name', 'P', '--owner', 'x@example.org'],
      env
    )
    expect(project.code).toBe(0)
    expect(project.stdout).toMatch(/^\d+\n/)
  })

  it('exits 2 with the usage for no command, and 1 with a readable message for bad config', async () => {
    const none = await spawnCli([], {})
    expect(none.code).toBe(2)
    expect(none.stdout).toContain('Usage: winnow')
    const bad = await spawnCli(['help'], { DATABASE_URL: 'postgres://nope' })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('DATABASE_URL')
  })
})
