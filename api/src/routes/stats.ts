import { METRIC_GROUP_LABELS, METRIC_GROUPS, metricsExportQuery, metricsQuery, scoreWeightsBody, statsQuery, beijingDay, type ScoreWeights } from '@gridsight/contract'
import { metrics, stats } from '@gridsight/db'
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../context.js'
import { attachment, CSV_TYPE, metricTable, toCsv, toXlsx, XLSX_TYPE } from '../exports.js'
import { describe } from '../openapi.js'
import { json, query } from '../validate.js'
import { requireRole } from '../auth.js'
import { requireScope } from './units.js'

/** unit (default: the deployment's district) and the window the contract has checked. */
async function scope(c: Context<AppEnv>, q: { unit?: string; from: Date; to: Date }): Promise<stats.StatsScope & { scope: { name: string } }> {
  const unit = q.unit ?? (await c.get('district')()).code
  return { scope: await requireScope(c.get('db'), unit), from: q.from, to: q.to }
}

const tag = 'statistics'

/** Aggregates for the big screen: never a person, only counts and rates. */
export const statsRoutes = new Hono<AppEnv>()
  .get('/kpis', describe(tag, 'KPIs of a unit over a window'), query(statsQuery), async (c) =>
    c.json(await stats.kpis(c.get('db').kysely, await scope(c, c.req.valid('query')))))
  .get('/categories', describe(tag, 'Incidents per top-level category'), query(statsQuery), async (c) =>
    c.json(await stats.categoryMix(c.get('db').kysely, await scope(c, c.req.valid('query')))))
  .get('/trend', describe(tag, 'Reported and closed per Beijing day'), query(statsQuery), async (c) =>
    c.json(await stats.dailyTrend(c.get('db').kysely, await scope(c, c.req.valid('query')))))
  .get('/ranking', describe(tag, "The unit's children ranked by incidents per 1,000 households"), query(statsQuery), async (c) =>
    c.json(await stats.ranking(c.get('db').kysely, await scope(c, c.req.valid('query')))))
  .get('/levels', describe(tag, 'Cases closed in the window by the level that settled them (村/镇/区), for the unit, its children and per day'), query(statsQuery), async (c) =>
    c.json(await stats.settledLevels(c.get('db').kysely, await scope(c, c.req.valid('query')))))
  .get('/metrics', describe(tag, 'The standard figures (上报数 … 按期结案率, 返工率, 延期率, 回退率, 及时受理率, 派遣准确率, 及时核查率, handling time) and the composite score (综合指标值): of the unit, or per group (unit, department, category, source, level)'),
    query(metricsQuery), async (c) => {
      const q = c.req.valid('query')
      const s = await scope(c, q)
      const db = c.get('db').kysely
      const [unit, groups, weights] = await Promise.all([metrics.unitMetrics(db, s), q.group ? metrics.groupMetrics(db, s, q.group) : [], metrics.scoreWeights(db)])
      return c.json({ unit: metrics.scored([unit], weights)[0]!, groups: metrics.scored(groups, weights), weights })
    })
  .get('/weights', describe(tag, "The composite score's published weights (综合指标值 权重)"), async (c) => c.json(await metrics.scoreWeights(c.get('db').kysely)))
  .put('/weights', describe(tag, "Publish the composite score's weights (administrators)"), requireRole('admin'), json(scoreWeightsBody), async (c) =>
    c.json(await metrics.setScoreWeights(c.get('db').kysely, c.req.valid('json') as ScoreWeights, c.get('user')!.username)))
  .get('/metrics/export', describe(tag, 'The standard figures as XLSX (the unit and every group, one sheet each; rates as formulas) or CSV (one group, default department; UTF-8 with BOM)'),
    query(metricsExportQuery), async (c) => {
      const q = c.req.valid('query')
      const s = await scope(c, q)
      const db = c.get('db').kysely
      const title = `${s.scope.name} ${beijingDay(s.from.getTime())} 至 ${beijingDay(s.to.getTime() - 1)}`
      const file = `${s.scope.name}-考核指标-${beijingDay(s.from.getTime())}-${beijingDay(s.to.getTime() - 1)}`
      const weights = await metrics.scoreWeights(db)
      const table = async (group: (typeof METRIC_GROUPS)[number]) =>
        metricTable(METRIC_GROUP_LABELS[group], title, METRIC_GROUP_LABELS[group], metrics.scored(await metrics.groupMetrics(db, s, group), weights))
      if (q.format === 'csv') {
        const group = q.group ?? 'department'
        return c.body(toCsv(await table(group)), 200, attachment(`${file}-${METRIC_GROUP_LABELS[group]}.csv`, CSV_TYPE))
      }
      const unit = { ...metrics.scored([await metrics.unitMetrics(db, s)], weights)[0]!, key: s.scope.code, name: s.scope.name }
      const groups = q.group ? [q.group] : METRIC_GROUPS
      const tables = [metricTable('合计', title, '单位', [unit]), ...(await Promise.all(groups.map(table)))]
      return c.body(await toXlsx(tables), 200, attachment(`${file}.xlsx`, XLSX_TYPE))
    })
  .get('/funnel', describe(tag, 'How many cases reached each workflow step'), query(statsQuery), async (c) =>
    c.json(await stats.funnel(c.get('db').kysely, await scope(c, c.req.valid('query')))))
