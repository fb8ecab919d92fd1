/*
 * Study full-text search (资料搜索): GET /api/v1/search/materials
 * (routes.def "study: full-text search" group). Returns the server's JSON
 * unchanged.
 */
import http from '@/utils/http'

/* GET /search/materials?q=&topic_id=&tag=&from=&to=&offset=&limit=
 * → {items:[{id,title_html,snippet_html,topic:{id,name}|null,tags,source,
 *    publish_date,score}], total, offset}
 * title_html / snippet_html are safe HTML (escaped text + <mark>). */
export function searchMaterials(query, opts) {
  return http.get('/search/materials', query, opts)
}
