import { Hono } from 'hono'
import { access } from '../http/access.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { agreementFor, agreementJson } from '../queries/agreement.ts'
import { AgreementPage } from '../views/agreement.tsx'

// Agreement is aggregate (counts over records no longer blind), so every member may see it.
export const agreementRoutes = new Hono<AppEnv>()
  .get('/projects/:id/agreement', access('member'), async (c) => {
    const project = c.var.project
    const agreement = await agreementFor(c.var.deps.db.orm, project.id)
    return c.html(
      <AgreementPage
        layout={chrome(c, 'Agreement', 'agreement')}
        projectId={project.id}
        agreement={agreement}
        threshold={project.screeningMode === 'rapid' ? project.kappaThreshold : undefined}
        isLead={c.var.member.role === 'lead'}
      />
    )
  })

  .get('/projects/:id/agreement.json', access('member'), async (c) => {
    const agreement = await agreementFor(c.var.deps.db.orm, c.var.project.id)
    return c.json(agreementJson(agreement))
  })
