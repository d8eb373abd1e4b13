import { and, asc, count, eq, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import {
  projectMembers,
  projects,
  queue,
  STAGES,
  users,
  type Member,
  type Project,
  type Role,
} from '../db/schema.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from './audit.ts'
import { fillQueues } from './screening-entry.ts'
import { seedProjectDefaults } from './settings.ts'
import { normaliseEmail } from './users.ts'

export async function createProject(
  q: Q,
  input: { name: string; description?: string; ownerId: number; now: number }
): Promise<Project> {
  const [project] = await q
    .insert(projects)
    .values({
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      createdBy: input.ownerId,
      createdAt: input.now,
    })
    .returning()
  if (!project) throw new Error('insert into projects returned nothing')
  await q.insert(projectMembers).values({
    projectId: project.id,
    userId: input.ownerId,
    role: 'lead',
    addedAt: input.now,
  })
  await seedProjectDefaults(q, project.id)
  await audit(q, {
    projectId: project.id,
    userId: input.ownerId,
    action: 'project.create',
    detail: { name: project.name },
    at: input.now,
  })
  return project
}

export async function findProject(q: Q, id: number): Promise<Project | undefined> {
  const [row] = await q.select().from(projects).where(eq(projects.id, id))
  return row
}

export async function findMembership(q: Q, projectId: number, userId: number) {
  const [row] = await q
    .select()
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
  return row
}

export async function listProjectsFor(q: Q, userId: number) {
  const memberCounts = q
    .select({ projectId: projectMembers.projectId, n: count().as('n') })
    .from(projectMembers)
    .groupBy(projectMembers.projectId)
    .as('member_counts')
  return q
    .select({ project: projects, role: projectMembers.role, members: memberCounts.n })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .innerJoin(memberCounts, eq(memberCounts.projectId, projects.id))
    .where(eq(projectMembers.userId, userId))
    .orderBy(asc(projects.name), asc(projects.id))
}

export async function listMembers(q: Q, projectId: number) {
  return q
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: projectMembers.role,
      canResolve: projectMembers.canResolve,
      addedAt: projectMembers.addedAt,
    })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.name), asc(users.id))
}

type AddError = 'unknown_email' | 'already_member'

export async function addMember(
  q: Q,
  input: { projectId: number; email: string; role: Role; byUserId: number | null; now: number }
): Promise<Outcome<Member, AddError>> {
  const email = normaliseEmail(input.email)
  const [user] = await q.select().from(users).where(eq(users.email, email))
  if (!user) {
    return fail('unknown_email', `No account uses ${email}. Ask them to be given an account first.`)
  }
  if (await findMembership(q, input.projectId, user.id)) {
    return fail('already_member', `${user.name} is already a member of this project.`)
  }
  const [member] = await q
    .insert(projectMembers)
    .values({ projectId: input.projectId, userId: user.id, role: input.role, addedAt: input.now })
    .returning()
  if (!member) throw new Error('insert into project_members returned nothing')
  // A new member gets a place for everything still waiting to be screened.
  for (const stage of STAGES) await fillQueues(q, input.projectId, stage, sql`1 = 1`, [user.id])
  await audit(q, {
    projectId: input.projectId,
    userId: input.byUserId,
    action: 'member.add',
    detail: { memberId: user.id, email, role: input.role },
    at: input.now,
  })
  return ok(member)
}

async function leadCount(q: Q, projectId: number) {
  const [row] = await q
    .select({ n: count() })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, 'lead')))
  return row?.n ?? 0
}

type ChangeError = 'not_member' | 'last_lead'

/** Removes a member; a project always keeps at least one lead. */
export async function removeMember(
  q: Q,
  input: { projectId: number; userId: number; byUserId: number | null; now: number }
): Promise<Outcome<null, ChangeError>> {
  const member = await findMembership(q, input.projectId, input.userId)
  if (!member) return fail('not_member', 'That person is not a member of this project.')
  if (member.role === 'lead' && (await leadCount(q, input.projectId)) <= 1) {
    return fail('last_lead', 'A project needs at least one lead: make someone else lead first.')
  }
  await q
    .delete(projectMembers)
    .where(
      and(eq(projectMembers.projectId, input.projectId), eq(projectMembers.userId, input.userId))
    )
  // Their decisions stay; their work queue goes.
  await q
    .delete(queue)
    .where(and(eq(queue.projectId, input.projectId), eq(queue.userId, input.userId)))
  await audit(q, {
    projectId: input.projectId,
    userId: input.byUserId,
    action: 'member.remove',
    detail: { memberId: input.userId, role: member.role },
    at: input.now,
  })
  return ok(null)
}

export async function changeRole(
  q: Q,
  input: { projectId: number; userId: number; role: Role; byUserId: number | null; now: number }
): Promise<Outcome<null, ChangeError>> {
  const member = await findMembership(q, input.projectId, input.userId)
  if (!member) return fail('not_member', 'That person is not a member of this project.')
  if (member.role === input.role) return ok(null)
  if (member.role === 'lead' && (await leadCount(q, input.projectId)) <= 1) {
    return fail('last_lead', 'A project needs at least one lead: make someone else lead first.')
  }
  await q
    .update(projectMembers)
    .set({ role: input.role })
    .where(
      and(eq(projectMembers.projectId, input.projectId), eq(projectMembers.userId, input.userId))
    )
  await audit(q, {
    projectId: input.projectId,
    userId: input.byUserId,
    action: 'member.role',
    detail: { memberId: input.userId, from: member.role, to: input.role },
    at: input.now,
  })
  return ok(null)
}
