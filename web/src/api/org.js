/*
 * Organisation: units (the org tree) and people. /api/v1/units, /people.
 * One function per route; each returns the server's JSON unchanged.
 */
import http from '@/utils/http'

/* GET /units → {items:[{id,parent_id,name,kind,code,sort,n_people,n_children}]}
 * (the whole visible tree, flat). */
export function listUnits(query, opts) {
  return http.get('/units', query, opts)
}

/* GET /units/:id */
export function getUnit(id) {
  return http.get(`/units/${id}`)
}

/* POST /units {parent_id,name,kind,code?,sort?} */
export function createUnit(data) {
  return http.post('/units', data)
}

/* PUT /units/:id */
export function updateUnit(id, data) {
  return http.put(`/units/${id}`, data)
}

/* DELETE /units/:id — refused (409) while the unit has people or children. */
export function removeUnit(id) {
  return http.del(`/units/${id}`)
}

/* POST /units/:id/move {parent_id} */
export function moveUnit(id, parentId) {
  return http.post(`/units/${id}/move`, { parent_id: parentId })
}

/* GET /people?unit_id=&subtree=1&q=&is_leader=&limit=&cursor=
 * → {items:[{id,name,gender,birth_date,joined_at,unit_id,unit_name,
 *            position,phone,is_leader,user_id}], next_cursor} */
export function listPeople(query, opts) {
  return http.get('/people', query, opts)
}

/* GET /people/:id */
export function getPerson(id) {
  return http.get(`/people/${id}`)
}

/* POST /people */
export function createPerson(data) {
  return http.post('/people', data)
}

/* PUT /people/:id */
export function updatePerson(id, data) {
  return http.put(`/people/${id}`, data)
}

/* DELETE /people/:id */
export function removePerson(id) {
  return http.del(`/people/${id}`)
}
